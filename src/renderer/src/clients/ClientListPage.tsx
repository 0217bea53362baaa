import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { scriptOfLanguage } from '../i18n';
import { navigate, pathTo } from '../router';
import { SHORTCUT, shortcutProps, useSearchFocus } from '../shortcuts';
import { Link } from '../ui/Link';
import { ProblemText } from '../ui/ProblemText';
import { problemFromError } from '../ui/problems';
import { formatDate } from '../ui/dates';
import { fullNames, usePlaceNames } from './names';
import { useClientSearch } from './useClientSearch';

/** Coming back from a record shows the list that led to it. */
let rememberedQuery = '';

export function ClientListPage() {
  const { t, i18n } = useTranslation('clients');
  const script = scriptOfLanguage(i18n.language);
  const place = usePlaceNames();
  const [query, setQuery] = useState(rememberedQuery);
  const search = useClientSearch(query);
  // The keyboard selection belongs to one answer: a new answer starts at its best match.
  const [selection, setSelection] = useState({ answer: search.answered, index: 0 });
  const active = selection.answer === search.answered ? selection.index : 0;
  const setActive = (next: (index: number) => number) =>
    setSelection({ answer: search.answered, index: next(active) });
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  useSearchFocus(input);

  useEffect(() => {
    rememberedQuery = query;
  }, [query]);

  useEffect(() => {
    document.getElementById(`${listId}-row-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const open = (index: number) => {
    const client = search.items[index];
    if (client) navigate(pathTo('/clients/:id', { id: client.id }));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const last = search.items.length - 1;
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, last));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'PageDown') setActive((i) => Math.min(i + 10, last));
    else if (event.key === 'PageUp') setActive((i) => Math.max(i - 10, 0));
    else if (event.key === 'Enter') open(active);
    else if (event.key === 'Escape' && event.currentTarget === input.current && query !== '') setQuery('');
    else return;
    event.preventDefault();
  };

  const activeRowId = search.items.length > 0 ? `${listId}-row-${active}` : undefined;

  return (
    <div className="page-body">
      <header className="page-header">
        <h1>{t('list.title')}</h1>
        <Link
          to="/clients/new"
          className="button button-primary"
          {...shortcutProps(SHORTCUT.newClient, t('list.newClient'))}
        >
          {t('list.newClient')}
        </Link>
      </header>

      <div className="search-bar">
        <label htmlFor={`${listId}-search`} className="visually-hidden">
          {t('list.searchLabel')}
        </label>
        <input
          ref={input}
          id={`${listId}-search`}
          type="search"
          className="search-input"
          value={query}
          placeholder={t('list.searchPlaceholder')}
          autoComplete="off"
          spellCheck={false}
          aria-controls={listId}
          aria-activedescendant={activeRowId}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <span className="search-status" aria-live="polite">
          {search.loading ? t('list.searching') : ''}
        </span>
      </div>

      {search.error ? (
        <ProblemText className="banner banner-error" problem={problemFromError(search.error)} />
      ) : null}

      {search.answered !== null && search.items.length === 0 ? (
        <div className="empty-state">
          {search.answered === '' ? (
            <>
              <p>{t('list.emptyRegistry')}</p>
              <Link to="/clients/new" className="button button-primary">
                {t('list.newClient')}
              </Link>
            </>
          ) : (
            <>
              <p>{t('list.noMatch', { query: search.answered })}</p>
              <p className="muted">{t('list.noMatchHint')}</p>
              <Link
                to="/clients/new"
                className="button button-primary"
                {...shortcutProps(SHORTCUT.newClient, t('list.newClient'))}
              >
                {t('list.newClient')}
              </Link>
            </>
          )}
        </div>
      ) : null}

      {search.items.length > 0 ? (
        <>
          <table className="data-table client-table" id={listId} onKeyDown={onKeyDown}>
            <caption className="list-caption">
              {search.answered === ''
                ? t('list.recentCaption')
                : t('list.resultsCaption', { query: search.answered })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('list.column.name')}</th>
                <th scope="col">{t('field.jmbg')}</th>
                <th scope="col">{t('field.birthDate')}</th>
                <th scope="col">{t('list.column.place')}</th>
                <th scope="col">{t('field.phone')}</th>
                <th scope="col">{t('field.category')}</th>
              </tr>
            </thead>
            <tbody>
              {search.items.map((client, index) => {
                const names = fullNames(client.names, script);
                return (
                  <tr
                    key={client.id}
                    id={`${listId}-row-${index}`}
                    aria-selected={index === active}
                    className={index === active ? 'is-active' : undefined}
                    onClick={() => open(index)}
                  >
                    <td>
                      <Link
                        to={pathTo('/clients/:id', { id: client.id })}
                        className="client-name"
                        tabIndex={-1}
                      >
                        {names.main}
                      </Link>
                      {names.other ? <span className="other-script">{names.other}</span> : null}
                    </td>
                    <td className="mono">{client.jmbg ?? ''}</td>
                    <td className="nowrap">{formatDate(client.birthDate)}</td>
                    <td>{place(client.place) ?? ''}</td>
                    <td className="nowrap">{client.phone ?? ''}</td>
                    <td>{t(`category.${client.category}`)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="list-footer">
            <span>
              {t('list.shownOfTotal', {
                count: search.items.length,
                // Every match of the query (or the whole registry for the recent list), from the core.
                total: (search.total ?? search.items.length).toLocaleString(
                  i18n.language === 'en' ? 'en' : 'sr-Latn',
                ),
              })}
            </span>
            {search.hasMore ? (
              <button type="button" onClick={search.showMore} disabled={search.loading}>
                {t('list.showMore')}
              </button>
            ) : null}
            <span className="muted">{t('list.keysHint')}</span>
          </div>
        </>
      ) : null}
    </div>
  );
}
