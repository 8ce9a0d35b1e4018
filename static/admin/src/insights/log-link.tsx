import { createContext, useContext, type ReactNode } from 'react';

/** What a ranking's row narrows the log to: one person, or one project or space. */
export interface LogFilters {
  readonly actors?: readonly string[];
  readonly containers?: readonly string[];
}

/** The log filtered to something, over the range Insights shows: its address, and the way there. */
export interface LogLinker {
  readonly href: (filters: LogFilters) => string;
  readonly open: (filters: LogFilters) => void;
}

export const LogLinkContext = createContext<LogLinker | undefined>(undefined);

/** A ranking's label as a link to the Activity log filtered to it (plain text where there is no log). */
export function LogLink({
  filters,
  title,
  children,
}: {
  readonly filters: LogFilters;
  readonly title: string;
  readonly children: ReactNode;
}) {
  const linker = useContext(LogLinkContext);
  if (!linker) return <>{children}</>;
  return (
    <a
      href={linker.href(filters)}
      title={title}
      className="log-link"
      onClick={(event) => {
        event.preventDefault();
        linker.open(filters);
      }}
    >
      {children}
    </a>
  );
}
