import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { useState } from 'react';
import type { ChannelsView } from '@contract';
import { alertChannels, type ApiError } from '../api';
import { Field } from '../destinations/FormField';
import { fieldMessage } from '../field-message';
import { useResolver } from '../resolver/use-resolver';

const LABELS = {
  slackUrl: 'Slack webhook URL',
  teamsUrl: 'Microsoft Teams webhook URL',
  jira: 'Jira project',
  'jira.projectKey': 'Jira project key',
  'jira.issueType': 'Jira issue type',
};

/**
 * Where alerts are sent besides the SIEM destinations: Slack and Teams incoming webhooks (shown masked
 * once saved; leave the mask to keep one, empty the box to remove it) and a Jira issue per alert.
 */
export function ChannelSettings({ canEdit }: { readonly canEdit: boolean }) {
  const channels = useResolver(() => alertChannels(), 'channels');
  return (
    <section aria-labelledby="channels-heading">
      <Heading size="medium" as="h2" id="channels-heading">
        Notifications
      </Heading>
      <p>Every alert also goes to each enabled destination on the Destinations tab.</p>
      {channels.state === 'failed' ? (
        <p className="field-error" role="alert">
          {channels.error.message}
        </p>
      ) : channels.value ? (
        <ChannelForm initial={channels.value} canEdit={canEdit} />
      ) : (
        <Spinner size="medium" label="Loading notification settings" />
      )}
    </section>
  );
}

function ChannelForm({ initial, canEdit }: { readonly initial: ChannelsView; readonly canEdit: boolean }) {
  const [form, setForm] = useState(() => formOf(initial));
  const [failure, setFailure] = useState<ApiError>();
  const [saved, setSaved] = useState(false);

  const save = async () => {
    const result = await alertChannels({
      slackUrl: form.slackUrl.trim(),
      teamsUrl: form.teamsUrl.trim(),
      jira: form.projectKey.trim()
        ? { projectKey: form.projectKey.trim(), issueType: form.issueType.trim() }
        : null,
    });
    setSaved(result.ok);
    if (result.ok) {
      setFailure(undefined);
      setForm(formOf(result.value));
    } else setFailure(result.error);
  };
  const text = (name: keyof typeof form, label: string, help?: string) => (
    <Field id={`channel-${name}`} label={label} help={help}>
      <Textfield
        id={`channel-${name}`}
        value={form[name]}
        isReadOnly={!canEdit}
        onChange={(event) => {
          setSaved(false);
          setForm({ ...form, [name]: event.currentTarget.value });
        }}
      />
    </Field>
  );

  return (
    <form
      className="rule-editor"
      aria-labelledby="channels-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <div className="rule-fields">
        {text('slackUrl', LABELS.slackUrl, 'An incoming webhook: https://hooks.slack.com/services/…')}
        {text('teamsUrl', LABELS.teamsUrl, 'An incoming webhook or workflow URL.')}
        {text('projectKey', LABELS['jira.projectKey'], 'Leave empty for no Jira issues.')}
        {text('issueType', LABELS['jira.issueType'])}
      </div>
      {failure && (
        <p className="field-error" role="alert">
          {fieldMessage(failure, LABELS)}
        </p>
      )}
      <div className="rule-row-actions">
        {canEdit && (
          <Button type="submit" appearance="primary">
            Save notifications
          </Button>
        )}
        <span role="status">{saved ? 'Saved.' : ''}</span>
      </div>
    </form>
  );
}

function formOf(view: ChannelsView) {
  return {
    slackUrl: view.slackUrl ?? '',
    teamsUrl: view.teamsUrl ?? '',
    projectKey: view.jira?.projectKey ?? '',
    issueType: view.jira?.issueType ?? 'Task',
  };
}
