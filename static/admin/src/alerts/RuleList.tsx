import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Toggle from '@atlaskit/toggle';
import { Fragment, useState } from 'react';
import type { Rule, RuleBody } from '@contract';
import { saveRule, type ApiError } from '../api';
import { NEW_CUSTOM, RuleEditor } from './RuleEditor';
import { thresholdText } from './rule-text';

/** The rules, each with its on/off switch and an editor that opens in place; a button for a new one. */
export function RuleList({
  rules,
  canEdit,
  onChanged,
}: {
  readonly rules: readonly Rule[];
  readonly canEdit: boolean;
  readonly onChanged: () => void;
}) {
  const [editing, setEditing] = useState<string>();
  const [failure, setFailure] = useState<ApiError>();
  const done = (saved: boolean) => {
    setEditing(undefined);
    if (saved) onChanged();
  };
  const toggle = async (rule: Rule, enabled: boolean) => {
    const result = await saveRule({ ...rule, enabled } as RuleBody & { id: string });
    setFailure(result.ok ? undefined : result.error);
    onChanged();
  };

  return (
    <section aria-labelledby="rules-heading">
      <Heading size="medium" as="h2" id="rules-heading">
        Rules
      </Heading>
      {!canEdit && <p>Rules apply to every product: changing them takes administering every product.</p>}
      {failure && (
        <p className="field-error" role="alert">
          {failure.message}
        </p>
      )}
      <table className="rules-table">
        <caption className="visually-hidden">Detection rules</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">On</th>
            <th scope="col">Fires on</th>
            <th scope="col">Snoozed</th>
            <th scope="col">
              <span className="visually-hidden">Edit</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <Fragment key={rule.id}>
              <tr>
                <td>{rule.name}</td>
                <td>
                  <Toggle
                    label={`${rule.name} on`}
                    isChecked={rule.enabled}
                    isDisabled={!canEdit}
                    onChange={(event) => void toggle(rule, event.currentTarget.checked)}
                  />
                </td>
                <td>{thresholdText(rule)}</td>
                <td>{rule.snoozes.filter((s) => s.until > Date.now()).length || '—'}</td>
                <td>
                  {canEdit && (
                    <Button
                      aria-expanded={editing === rule.id}
                      onClick={() => setEditing(editing === rule.id ? undefined : rule.id)}
                    >
                      Edit <span className="visually-hidden">{rule.name}</span>
                    </Button>
                  )}
                </td>
              </tr>
              {editing === rule.id && (
                <tr>
                  <td colSpan={5}>
                    <RuleEditor rule={rule} onDone={done} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
      {canEdit &&
        (editing === 'new' ? (
          <RuleEditor rule={NEW_CUSTOM} onDone={done} />
        ) : (
          <Button onClick={() => setEditing('new')}>New custom rule</Button>
        ))}
    </section>
  );
}
