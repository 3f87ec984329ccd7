import type { OrchestratorEvent } from '../service/pod-events';

// Which orchestrator events go out as webhooks, and the JSON they are sent as. Pod lifecycle
// and task changes are what an automation reacts to; engine and policy changes are operator
// matters that /events and the logs already carry.

export interface WebhookPayload {
  /** Unique per event, the same on every retry and every target: receivers dedupe on it. */
  id: string;
  /** e.g. pod.scheduled, pod.start, pod.die, pod.evicted, pod.expired, task.updated */
  type: string;
  occurredAt: string;
  event: OrchestratorEvent;
}

function webhookEventType(event: OrchestratorEvent): string | undefined {
  switch (event.type) {
    case 'pod':
      return `pod.${event.action}`;
    case 'scheduled':
    case 'evicted':
    case 'expired':
      return `pod.${event.type}`;
    case 'task':
      return 'task.updated';
    default:
      return undefined;
  }
}

/** Undefined for events that are not sent. */
export function webhookPayload(event: OrchestratorEvent, id: string): WebhookPayload | undefined {
  const type = webhookEventType(event);
  return type === undefined ? undefined : { id, type, occurredAt: event.time, event };
}
