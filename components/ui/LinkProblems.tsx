// What a page says about a link it could only partly read: a time range it replaced, and parameters it left out.
import { Banner } from './Banner';

/** The range in the URL could not be read; `instead` names the range shown ("the last 7 days"). */
export function RangeUnread({ message, instead }: { message: string | null | undefined; instead: string }) {
  if (!message) return null;
  return (
    <Banner tone="warn" title="That time range could not be read">
      {message} Showing {instead} instead.
    </Banner>
  );
}

/** Parameters of the URL that could not be read, each with why. */
export function LinkIssues({ issues }: { issues: readonly { field: string; message: string }[] }) {
  if (!issues.length) return null;
  return (
    <Banner tone="warn" title="Part of this link could not be read, and was left out">
      <ul>
        {issues.map((issue) => (
          <li key={issue.field}>{issue.message}</li>
        ))}
      </ul>
    </Banner>
  );
}
