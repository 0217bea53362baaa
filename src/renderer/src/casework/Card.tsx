import type { ReactNode } from 'react';

/** A titled panel, the same look as the client profile's cards. */
export function Card({
  title,
  actions,
  children,
  className,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={['card', className ?? ''].filter(Boolean).join(' ')} aria-label={title}>
      <div className="cw-card-head">
        <h2>{title}</h2>
        {actions ? <div className="cw-card-actions">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
