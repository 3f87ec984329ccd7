import type { VaultplaneApi } from '../api/vaultplane-api';
import { parseLogsQuery, parsePodsQuery, parseTasksQuery, type BlockKind } from '../core/block-query';
import { mountBlockError } from './block-error';
import { mountLogsBlock } from './logs-block';
import type { Mounted } from './mounted';
import { mountPodsTable, type PodActions } from './pods-table';
import { mountTasksBlock } from './tasks-block';

export interface BlockOptions {
  podActions?: PodActions;
}

/** Parses a block's text and mounts its renderer, or shows what is wrong with the query in place. */
export function mountCodeBlock(kind: BlockKind, container: HTMLElement, source: string, api: VaultplaneApi, options: BlockOptions = {}): Mounted {
  switch (kind) {
    case 'vaultplane-pods': {
      const parsed = parsePodsQuery(source);
      return parsed.ok ? mountPodsTable(container, parsed.query, api, options.podActions) : mountBlockError(container, 'This vaultplane-pods block has a bad query', parsed.error);
    }
    case 'vaultplane-tasks': {
      const parsed = parseTasksQuery(source);
      return parsed.ok ? mountTasksBlock(container, parsed.query, api) : mountBlockError(container, 'This vaultplane-tasks block has a bad query', parsed.error);
    }
    case 'vaultplane-logs': {
      const parsed = parseLogsQuery(source);
      return parsed.ok ? mountLogsBlock(container, parsed.query, api) : mountBlockError(container, 'This vaultplane-logs block has a bad query', parsed.error);
    }
  }
}
