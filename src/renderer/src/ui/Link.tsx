import type { AnchorHTMLAttributes } from 'react';
import { hrefTo, navigate } from '../router';

/** An in-app link: a real `<a href="#/…">` (middle-click, focus, Enter) that goes through `navigate`. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a
      {...rest}
      href={hrefTo(to)}
      onClick={(event) => {
        onClick?.(event);
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
          return;
        event.preventDefault();
        navigate(to);
      }}
    />
  );
}
