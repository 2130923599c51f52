import {
  type ButtonHTMLAttributes,
  type HTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'normal' | 'large';
}

/** Every button is at least 44×44 CSS px (WCAG 2.5.5) and shows the shared focus ring. */
export function Button({ variant = 'primary', size = 'normal', className, type, ...rest }: ButtonProps) {
  return (
    <button
      type={type ?? 'button'}
      className={className ? `mb-button ${className}` : 'mb-button'}
      data-variant={variant}
      data-size={size}
      {...rest}
    />
  );
}

interface FieldShellProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: ReactNode;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldHelp({ id, hint, error }: { id: string; hint?: ReactNode; error?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span id={`${id}-hint`} className="mb-hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="mb-error-text">
          {error}
        </span>
      ) : null}
    </>
  );
}

export type TextFieldProps = FieldShellProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & { id?: string };

/** A labelled input; hint and error are tied to it with aria-describedby. */
export function TextField({ label, hint, error, id: givenId, className, ...rest }: TextFieldProps) {
  const generated = useId();
  const id = givenId ?? generated;
  return (
    <div className={className ? `mb-field ${className}` : 'mb-field'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="mb-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
      <FieldHelp id={id} hint={hint} error={error} />
    </div>
  );
}

export type TextAreaProps = FieldShellProps &
  Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & { id?: string };

export function TextArea({ label, hint, error, id: givenId, ...rest }: TextAreaProps) {
  const generated = useId();
  const id = givenId ?? generated;
  return (
    <div className="mb-field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="mb-textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      />
      <FieldHelp id={id} hint={hint} error={error} />
    </div>
  );
}

export type SelectFieldProps = FieldShellProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
    id?: string;
    options: ReadonlyArray<{ value: string; label: string }>;
  };

export function SelectField({ label, hint, error, id: givenId, options, ...rest }: SelectFieldProps) {
  const generated = useId();
  const id = givenId ?? generated;
  return (
    <div className="mb-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        className="mb-select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldHelp id={id} hint={hint} error={error} />
    </div>
  );
}

export type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: ReactNode };

export function Checkbox({ label, ...rest }: CheckboxProps) {
  return (
    <label className="mb-check">
      <input type="checkbox" {...rest} />
      <span>{label}</span>
    </label>
  );
}

export function Card({ className, ...rest }: HTMLAttributes<HTMLElement>) {
  return <section className={className ? `mb-card ${className}` : 'mb-card'} {...rest} />;
}

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

/**
 * A message box. `live` makes it a status (polite) or alert (assertive) region
 * so screen readers hear it when it appears.
 */
export function Notice({
  tone = 'info',
  live,
  className,
  ...rest
}: HTMLAttributes<HTMLDivElement> & { tone?: NoticeTone; live?: 'polite' | 'assertive' }) {
  const role = live === 'assertive' ? 'alert' : live === 'polite' ? 'status' : undefined;
  return (
    <div
      className={className ? `mb-notice ${className}` : 'mb-notice'}
      data-tone={tone}
      role={role}
      {...rest}
    />
  );
}

export function SkipLink({ target, children }: { target: string; children: ReactNode }) {
  return (
    <a className="mb-skip-link" href={`#${target}`}>
      {children}
    </a>
  );
}

export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="mb-visually-hidden">{children}</span>;
}

export function Stack({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={className ? `mb-stack ${className}` : 'mb-stack'} {...rest} />;
}

export function Row({ className, ...rest }: HTMLAttributes<HTMLDivElement>) {
  return <div className={className ? `mb-row ${className}` : 'mb-row'} {...rest} />;
}
