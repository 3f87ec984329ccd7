import { describeError } from '../api/api-error';
import type { LogLine, PodRow } from '../api/api-types';
import type { VaultplaneApi } from '../api/vaultplane-api';
import type { LogsQuery } from '../core/block-query';
import { sortPods } from '../core/pod-diff';
import { InlineError } from './block-error';
import { showState } from './live-refresh';
import type { Mounted } from './mounted';

// The `vaultplane-logs` block: the live tail of one pod's output. Given a workload name it
// follows that workload's newest pod, waits for one if there is none yet, and moves to the
// next pod when the workload is scheduled again.

/** Older lines are dropped past this, so a chatty container cannot grow the note's DOM without end. */
const MAX_LINES = 5_000;

export function mountLogsBlock(container: HTMLElement, query: LogsQuery, api: VaultplaneApi): Mounted {
  container.empty();
  const root = container.createDiv({ cls: 'vaultplane-logs' });
  const toolbar = root.createDiv({ cls: 'vaultplane-toolbar' });
  const title = toolbar.createSpan({ cls: 'vaultplane-pod-name', text: query.pod });
  const stateElement = toolbar.createSpan({ cls: 'vaultplane-state' });
  const errors = new InlineError(root);
  const output = root.createEl('pre', { cls: 'vaultplane-log-output' });

  let disposed = false;
  let following: string | undefined;
  let stopFollowing: (() => void) | undefined;
  let lineCount = 0;

  const setState = (text: string, live: boolean) => showState(stateElement, text, live);

  const append = (line: LogLine) => {
    const atBottom = output.scrollHeight - output.scrollTop - output.clientHeight < 8;
    output.createSpan({ cls: `vaultplane-log-${line.stream}`, text: line.text });
    lineCount += (line.text.match(/\n/g) ?? []).length;
    while (lineCount > MAX_LINES && output.firstChild !== null) {
      lineCount -= (output.firstChild.textContent?.match(/\n/g) ?? []).length;
      output.firstChild.remove();
    }
    if (atBottom) output.scrollTop = output.scrollHeight;
  };

  const follow = (pod: PodRow) => {
    stopFollowing?.();
    following = pod.id;
    output.empty();
    lineCount = 0;
    title.setText(pod.id === query.pod ? pod.id : `${query.pod} → ${pod.id}`);
    setState('following', true);
    errors.clear();
    stopFollowing = api.followLogs(pod.id, { tail: query.tail }, {
      line: append,
      end: (end) => {
        if (disposed) return;
        if ('error' in end) {
          setState('stopped', false);
          errors.show(end.error);
        } else {
          setState(end.reason === 'limit' ? 'stopped at the size limit' : 'ended', false);
        }
      },
    });
  };

  const findPod = async (): Promise<void> => {
    try {
      const pods = await api.listPods({ namespace: '' });
      if (disposed) return;
      const pod = pods.find((candidate) => candidate.id === query.pod) ?? sortPods(pods.filter((candidate) => candidate.name === query.pod))[0];
      if (pod === undefined) {
        setState(`waiting for a pod named ${query.pod}`, false);
        errors.clear();
      } else if (pod.id !== following) {
        follow(pod);
      }
    } catch (error) {
      if (!disposed) errors.show(describeError(error));
    }
  };

  // Only a new pod of the same workload matters here; the log stream itself carries the rest.
  const unsubscribe = api.watch((message) => {
    if (disposed) return;
    if (message.kind === 'resync' && following === undefined) void findPod();
    if (message.kind === 'event' && message.event.type === 'scheduled' && message.event.name === query.pod) void findPod();
  });
  void findPod();

  return {
    dispose: () => {
      disposed = true;
      unsubscribe();
      stopFollowing?.();
    },
  };
}
