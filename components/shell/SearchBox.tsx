'use client';

// The header's search (`/` focuses it from anywhere but a text field): jobs, nodes, incidents and teams as you
// type, grouped, the closest first. A combobox: the arrows move through the results, Enter opens one (the first
// when none is chosen), Escape closes the list and then clears the box.
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useSettled } from '@/components/forms/useSettled';
import { fetchApi } from '@/components/live/fetch-api';
import { IconSearch } from '@/components/ui/icons';
import type { SearchAnswer, SearchHit } from '@/lib/queries/search';
import styles from './Search.module.css';

const GROUPS: { type: SearchHit['type']; label: string }[] = [
  { type: 'job', label: 'Jobs' },
  { type: 'node', label: 'Nodes' },
  { type: 'incident', label: 'Incidents' },
  { type: 'team', label: 'Teams' },
];

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

export function SearchBox() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const query = useSettled(text.trim(), 150);
  const { data, isFetching, error } = useQuery({
    queryKey: ['search', query],
    queryFn: ({ signal }) => fetchApi<SearchAnswer>(`/api/search?${new URLSearchParams({ q: query })}`, signal),
    enabled: query.length > 0,
    staleTime: 10_000,
  });
  const hits = query && data?.query === query ? data.hits : [];
  // In the order they are shown: grouped by type.
  const ordered = GROUPS.flatMap((group) => hits.filter((hit) => hit.type === group.type));

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const go = (hit: SearchHit | undefined) => {
    if (!hit) return;
    setOpen(false);
    setText('');
    input.current?.blur();
    router.push(hit.href);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (!ordered.length) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => {
        if (step > 0) return index + 1 >= ordered.length ? 0 : index + 1;
        return index <= 0 ? ordered.length - 1 : index - 1;
      });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(ordered[active >= 0 ? active : 0]);
    } else if (event.key === 'Escape') {
      if (open && text) setOpen(false);
      else {
        setText('');
        input.current?.blur();
      }
    }
  };

  const showList = open && query.length > 0;
  const activeId = active >= 0 && ordered[active] ? `${listId}-${active}` : undefined;
  return (
    <div className={styles.search}>
      <IconSearch size={14} className={styles.icon} />
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label="Search jobs, nodes, incidents and teams"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        placeholder="Search jobs, nodes, incidents, teams"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(-1);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        className={styles.input}
        autoComplete="off"
        spellCheck={false}
      />
      <kbd className={styles.key} aria-hidden>
        /
      </kbd>
      {showList && (
        <div className={styles.results}>
          <ul id={listId} role="listbox" aria-label="Search results">
            {GROUPS.map((group) => {
              const inGroup = ordered.filter((hit) => hit.type === group.type);
              if (!inGroup.length) return null;
              return (
                <li key={group.type} role="presentation">
                  <p className={styles.group} aria-hidden>
                    {group.label}
                  </p>
                  <ul role="group" aria-label={group.label}>
                    {inGroup.map((hit) => {
                      const index = ordered.indexOf(hit);
                      return (
                        <li
                          key={`${hit.type}-${hit.id}`}
                          id={`${listId}-${index}`}
                          role="option"
                          aria-selected={index === active}
                          className={index === active ? styles.active : undefined}
                          onMouseDown={(event) => event.preventDefault()}
                          onClick={() => go(hit)}
                          onMouseEnter={() => setActive(index)}
                        >
                          <span className={styles.label}>{hit.label}</span>
                          <span className={styles.detail}>{hit.detail}</span>
                        </li>
                      );
                    })}
                  </ul>
                </li>
              );
            })}
          </ul>
          {!ordered.length && (
            <p className={styles.none} role="status">
              {error
                ? 'The search did not answer; try again.'
                : isFetching || data?.query !== query
                  ? 'Searching…'
                  : `Nothing matches “${query}”.`}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
