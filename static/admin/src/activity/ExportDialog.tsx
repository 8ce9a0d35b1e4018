import Button from '@atlaskit/button/new';
import Modal, { ModalBody, ModalFooter, ModalHeader, ModalTitle } from '@atlaskit/modal-dialog';
import ProgressBar from '@atlaskit/progress-bar';
import { RadioGroup } from '@atlaskit/radio';
import { useEffect, useRef, useState } from 'react';
import type { ActivityFilterInput, ExportFormat } from '@contract';
import type { ApiError } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { useHost } from '../host-context';
import { EXPORT_FORMATS, exportFileName, parquetPartNames } from './export-file-name';
import { runExport, saveBlob, type ExportProgress } from './run-export';
import { formatTime } from '../time/zoned-time';

interface Props {
  /** Exactly the log's filter, relative ranges already resolved (the export is what the log shows). */
  readonly filter: ActivityFilterInput;
  readonly onClose: () => void;
}

type Stage =
  | { readonly step: 'choose' }
  | { readonly step: 'running'; readonly progress: ExportProgress }
  | {
      readonly step: 'done';
      readonly files: readonly { readonly blob: Blob; readonly name: string }[];
      readonly rows: number;
    }
  | { readonly step: 'cancelled' }
  | { readonly step: 'failed'; readonly error: ApiError; readonly rows: number };

/** Choose a format, watch the rows arrive, download the file. Loaded on first use. */
export default function ExportDialog({ filter, onClose }: Props) {
  const host = useHost();
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const abort = useRef<AbortController | undefined>(undefined);

  useEffect(() => () => abort.current?.abort(), []);

  const start = async () => {
    const controller = new AbortController();
    abort.current = controller;
    // Parquet is the whole sealed log: the server takes no filter for it.
    const exported = format === 'parquet' ? {} : filter;
    const fileName = exportFileName(host.siteUrl, exported, format, host.timeZone);
    setStage({ step: 'running', progress: { rows: 0 } });
    const outcome = await runExport(exported, format, controller.signal, (progress) => {
      if (!controller.signal.aborted) setStage({ step: 'running', progress });
    });
    if (controller.signal.aborted) return;
    if (outcome.status === 'done') {
      const names = parquetPartNames(fileName, outcome.blobs.length);
      const files = outcome.blobs.map((blob, i) => ({ blob, name: names[i]! }));
      setStage({ step: 'done', files, rows: outcome.rows });
    } else if (outcome.status === 'failed')
      setStage({ step: 'failed', error: outcome.error, rows: outcome.rows });
  };
  const cancel = () => {
    abort.current?.abort();
    setStage({ step: 'cancelled' });
  };
  const close = () => {
    abort.current?.abort();
    onClose();
  };

  const number = (n: number) => n.toLocaleString(host.locale);
  const when = (value: string | number | undefined, open: string) =>
    value === undefined ? open : formatTime(new Date(value).toISOString(), host.timeZone, host.locale);

  return (
    // Only Close or Escape close it: a stray click beside it must not lose an export in progress or a
    // file ready to download.
    <Modal onClose={close} width="medium" label="Export activity" shouldCloseOnOverlayClick={false}>
      <ModalHeader>
        <ModalTitle>Export activity</ModalTitle>
      </ModalHeader>
      <ModalBody>
        <p>
          Every record the log shows with its current filters, from {when(filter.from, 'the first record')} to{' '}
          {when(filter.to, 'now')}. There is no row limit: large exports take a while.
        </p>
        {(stage.step === 'choose' || stage.step === 'cancelled' || stage.step === 'failed') && (
          <fieldset className="export-format">
            <legend className="field-label">Format</legend>
            <RadioGroup
              name="export-format"
              value={format}
              options={EXPORT_FORMATS.map((f) => ({ value: f.value, label: `${f.label}: ${f.description}` }))}
              onChange={(event) => setFormat(event.currentTarget.value as ExportFormat)}
            />
          </fieldset>
        )}
        {(stage.step === 'running' || stage.step === 'done') && (
          // One block for progress and result, so the dialog keeps its size (and its buttons their place)
          // when the export ends.
          <div className="export-progress">
            <ProgressBar
              ariaLabel="Export progress"
              {...(stage.step === 'done'
                ? { value: 1, appearance: 'success' as const }
                : stage.progress.estimatedRows
                  ? { value: Math.min(1, stage.progress.rows / Math.max(1, stage.progress.estimatedRows)) }
                  : { isIndeterminate: true })}
            />
            {stage.step === 'running' ? (
              <p role="status" aria-live="polite">
                {number(stage.progress.rows)} rows so far
                {stage.progress.estimatedRows !== undefined
                  ? ` of about ${number(Math.max(stage.progress.estimatedRows, stage.progress.rows))}`
                  : ''}
                …
              </p>
            ) : (
              <p role="status" className="export-done">
                {number(stage.rows)} rows are ready in{' '}
                {stage.files.length === 1 ? (
                  <strong>{stage.files[0]!.name}</strong>
                ) : (
                  <>
                    {number(stage.files.length)} files, <strong>{stage.files[0]!.name}</strong> to{' '}
                    <strong>{stage.files[stage.files.length - 1]!.name}</strong>: keep them in one folder
                  </>
                )}
                .
              </p>
            )}
          </div>
        )}
        {stage.step === 'cancelled' && (
          <p role="status">
            The export was cancelled; nothing was downloaded. Start it again whenever you like.
          </p>
        )}
        {stage.step === 'failed' && (
          <ErrorNotice
            error={stage.error}
            title={`The export stopped after ${number(stage.rows)} rows`}
            product={host.product}
          />
        )}
      </ModalBody>
      <ModalFooter>
        {stage.step === 'running' ? (
          <Button appearance="default" onClick={cancel}>
            Cancel export
          </Button>
        ) : (
          <Button appearance="subtle" onClick={close}>
            Close
          </Button>
        )}
        {stage.step === 'done' ? (
          <Button
            appearance="primary"
            onClick={() => stage.files.forEach((file) => saveBlob(file.blob, file.name))}
          >
            Download {EXPORT_FORMATS.find((f) => f.value === format)?.label}
            {stage.files.length > 1 ? ` (${number(stage.files.length)} files)` : ''}
          </Button>
        ) : stage.step !== 'running' ? (
          <Button appearance="primary" onClick={() => void start()}>
            {stage.step === 'choose' ? 'Export' : 'Export again'}
          </Button>
        ) : null}
      </ModalFooter>
    </Modal>
  );
}
