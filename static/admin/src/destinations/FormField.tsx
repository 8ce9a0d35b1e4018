import type { ReactNode } from 'react';

/** A labelled field of the destination form, with its help and its error. */
export function Field({
  id,
  label,
  help,
  error,
  children,
}: {
  readonly id: string;
  readonly label: string;
  readonly help?: string | undefined;
  readonly error?: string | undefined;
  readonly children: ReactNode;
}) {
  return (
    <div className="setting">
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {children}
      {help && <p className="description">{help}</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
