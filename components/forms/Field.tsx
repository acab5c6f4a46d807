// One form field: its label, the control, an optional hint, and its error. The control is the field's one child,
// a native input, select or textarea; Field gives it its name and id and the ids of the hint and error that
// describe it (keeping any the control sets itself), so no form wires those by hand. In an action form, pass
// `form` (useActionForm): the ids are scoped by it and the error is the server's for `name`.
import { cloneElement, type CSSProperties, type ReactElement, type ReactNode } from 'react';
import { FieldError } from './FormParts';
import type { ActionForm } from './useActionForm';

/** What Field sets on its control. */
interface ControlProps {
  name?: string;
  id?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-describedby'?: string;
}

interface Props {
  form?: Pick<ActionForm, 'idOf' | 'errorId' | 'errorOf'>;
  /** The name the control submits under, and the key of its error in an action form. */
  name: string;
  /** The control's id; by default the form's id for `name`, or `name` itself outside a form. */
  id?: string;
  label: ReactNode;
  hint?: ReactNode;
  /** The message to show instead of the server's (e.g. a check made in the browser); null for none. */
  error?: string | null;
  /** Added to the wrapper's `field` class. */
  className?: string;
  style?: CSSProperties;
  children: ReactElement<ControlProps>;
}

export function Field({ form, name, id: givenId, label, hint, error, className, style, children }: Props) {
  const id = givenId ?? form?.idOf(name) ?? name;
  const hintId = `${id}-hint`;
  const errorId = form?.errorId(name) ?? `${id}-error`;
  const message = error !== undefined ? error : (form?.errorOf(name) ?? null);
  const own = children.props;
  const describedBy = [own['aria-describedby'], hint ? hintId : null, message ? errorId : null]
    .filter(Boolean)
    .join(' ');
  const control: ControlProps = {
    name,
    id,
    'aria-invalid': message ? true : own['aria-invalid'],
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div className={className ? `field ${className}` : 'field'} style={style}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, control)}
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      <FieldError id={errorId} error={message} />
    </div>
  );
}
