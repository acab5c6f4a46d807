// A calm panel in place of a page: one that failed, or one the reader's role does not open.
import type { ReactNode } from 'react';
import { Card } from './Card';
import { ToneIcon } from './tone';

export function AlertPanel({ tone, title, children }: { tone: 'warn' | 'bad'; title: ReactNode; children: ReactNode }) {
  return (
    <div className="page">
      <Card>
        <div role="alert" className="stack" style={{ alignItems: 'flex-start', maxWidth: '64ch' }}>
          <h1 className="row page-title">
            <ToneIcon tone={tone} size={20} className={`tone-${tone}`} />
            {title}
          </h1>
          {children}
        </div>
      </Card>
    </div>
  );
}
