'use client';

import { useSyncExternalStore } from 'react';
import { IconMonitor, IconMoon, IconSun } from '@/components/ui/icons';
import { readThemeChoice, saveThemeChoice, THEME_CHANGE_EVENT, type ThemeChoice } from './theme';
import styles from './Shell.module.css';

const OPTIONS = [
  { value: 'light', label: 'Light theme', Icon: IconSun },
  { value: 'dark', label: 'Dark theme', Icon: IconMoon },
  { value: 'system', label: 'System theme', Icon: IconMonitor },
] as const satisfies readonly { value: ThemeChoice; label: string; Icon: unknown }[];

function subscribe(onChange: () => void) {
  window.addEventListener('storage', onChange);
  window.addEventListener(THEME_CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(THEME_CHANGE_EVENT, onChange);
  };
}

/** Light / dark / system as a radio group: arrow keys move between them, as with any radio group. */
export function ThemeToggle() {
  // The server cannot know the saved choice; 'system' there, the real one right after hydration.
  const choice = useSyncExternalStore(subscribe, readThemeChoice, () => 'system' as const);
  return (
    <div role="radiogroup" aria-label="Theme" className={styles.themeToggle}>
      {OPTIONS.map(({ value, label, Icon }) => (
        <label key={value} className={styles.themeOption} title={label}>
          <input
            type="radio"
            name="fleet-theme"
            value={value}
            checked={choice === value}
            onChange={() => saveThemeChoice(value)}
            className={styles.themeInput}
          />
          <Icon />
          <span className="visually-hidden">{label}</span>
        </label>
      ))}
    </div>
  );
}
