/**
 * Word lists for the synthetic vault. Notes draw mostly from one topic, so a query made of a
 * topic's words has a right answer to find; the shared lists make sentences read like notes.
 */

export interface Topic {
  /** Tag-safe name, used for `tags:` and inline `#tags`. */
  tag: string;
  /** Singular nouns and short noun phrases. */
  nouns: readonly string[];
  /** Adjectives that fit the topic. */
  adjectives: readonly string[];
  /** [base, third person] verb pairs that fit the topic. */
  verbs: readonly (readonly [string, string])[];
}

export const TOPICS: readonly Topic[] = [
  {
    tag: 'infrastructure',
    nouns: [
      'container', 'cluster', 'node', 'pod', 'scheduler', 'image', 'registry', 'volume', 'network', 'ingress',
      'load balancer', 'deployment', 'replica', 'namespace', 'quota', 'daemon', 'socket', 'runtime', 'orchestrator',
      'capacity', 'eviction', 'health check', 'hostname', 'peer', 'overlay', 'gateway', 'proxy', 'firewall rule',
      'port', 'swarm', 'kubelet', 'manifest', 'label', 'restart policy', 'log stream',
    ],
    adjectives: ['idle', 'saturated', 'ephemeral', 'stateless', 'remote', 'local', 'headless', 'privileged', 'orphaned', 'healthy'],
    verbs: [
      ['schedule', 'schedules'], ['evict', 'evicts'], ['restart', 'restarts'], ['provision', 'provisions'],
      ['drain', 'drains'], ['expose', 'exposes'], ['mount', 'mounts'], ['pull', 'pulls'],
    ],
  },
  {
    tag: 'search',
    nouns: [
      'index', 'vector', 'embedding', 'query', 'ranking', 'shard', 'table', 'schema', 'column', 'partition',
      'compaction', 'cache', 'latency', 'throughput', 'tokenizer', 'stemmer', 'recall', 'precision', 'relevance',
      'chunk', 'corpus', 'posting list', 'full-text index', 'reciprocal rank fusion', 'snippet', 'filter',
      'nearest neighbour', 'dimension', 'cosine distance', 'inverted index', 'stop word', 'synonym', 'boost',
    ],
    adjectives: ['stale', 'fresh', 'hybrid', 'lexical', 'semantic', 'approximate', 'exact', 'incremental', 'sparse', 'dense'],
    verbs: [
      ['index', 'indexes'], ['rank', 'ranks'], ['rebuild', 'rebuilds'], ['embed', 'embeds'],
      ['tokenize', 'tokenizes'], ['compact', 'compacts'], ['retrieve', 'retrieves'], ['rerank', 'reranks'],
    ],
  },
  {
    tag: 'frontend',
    nouns: [
      'component', 'layout', 'stylesheet', 'viewport', 'keyboard shortcut', 'modal', 'sidebar', 'command palette',
      'theme', 'typography', 'animation', 'canvas', 'bundle', 'plugin', 'settings tab', 'view', 'tooltip',
      'focus ring', 'status bar', 'ribbon icon', 'code block', 'render loop', 'event listener', 'breakpoint',
      'dark mode', 'font stack', 'scroll position', 'drag handle', 'context menu',
    ],
    adjectives: ['responsive', 'accessible', 'cluttered', 'minimal', 'sticky', 'collapsed', 'nested', 'readable', 'flickering', 'lazy'],
    verbs: [
      ['render', 'renders'], ['style', 'styles'], ['collapse', 'collapses'], ['hydrate', 'hydrates'],
      ['bundle', 'bundles'], ['highlight', 'highlights'], ['resize', 'resizes'], ['debounce', 'debounces'],
    ],
  },
  {
    tag: 'security',
    nouns: [
      'token', 'secret', 'credential', 'signature', 'audit log', 'policy', 'allowlist', 'sandbox', 'privilege',
      'encryption key', 'rotation', 'vulnerability', 'threat model', 'permission', 'role', 'path jail', 'symlink',
      'certificate', 'session', 'nonce', 'bearer token', 'attack surface', 'seccomp profile', 'capability',
      'host mount', 'key pair', 'checksum', 'supply chain',
    ],
    adjectives: ['signed', 'untrusted', 'revoked', 'leaked', 'scoped', 'hardened', 'expired', 'least-privileged', 'tamper-evident', 'encrypted'],
    verbs: [
      ['rotate', 'rotates'], ['revoke', 'revokes'], ['sign', 'signs'], ['verify', 'verifies'],
      ['audit', 'audits'], ['encrypt', 'encrypts'], ['deny', 'denies'], ['sandbox', 'sandboxes'],
    ],
  },
  {
    tag: 'agents',
    nouns: [
      'model', 'prompt', 'agent', 'inference', 'context window', 'evaluation', 'benchmark', 'dataset',
      'transformer', 'attention head', 'checkpoint', 'temperature', 'tool call', 'retrieval step', 'hallucination',
      'quantization', 'gpu', 'system prompt', 'reasoning trace', 'eval harness', 'token budget', 'few-shot example',
      'guardrail', 'memory', 'planner', 'transcript', 'reward signal',
    ],
    adjectives: ['grounded', 'verbose', 'quantized', 'autonomous', 'deterministic', 'flaky', 'multimodal', 'distilled', 'aligned', 'brittle'],
    verbs: [
      ['prompt', 'prompts'], ['evaluate', 'evaluates'], ['fine-tune', 'fine-tunes'], ['summarize', 'summarizes'],
      ['plan', 'plans'], ['delegate', 'delegates'], ['ground', 'grounds'], ['hallucinate', 'hallucinates'],
    ],
  },
  {
    tag: 'product',
    nouns: [
      'roadmap', 'milestone', 'stakeholder', 'requirement', 'backlog', 'sprint', 'estimate', 'priority', 'release',
      'feedback', 'onboarding flow', 'retention', 'pricing page', 'customer', 'user interview', 'launch', 'metric',
      'objective', 'deadline', 'scope', 'persona', 'changelog', 'beta program', 'support ticket', 'churn',
      'success criterion', 'design review',
    ],
    adjectives: ['urgent', 'blocked', 'ambitious', 'realistic', 'quarterly', 'customer-facing', 'measurable', 'deferred', 'shipped', 'risky'],
    verbs: [
      ['prioritize', 'prioritizes'], ['ship', 'ships'], ['scope', 'scopes'], ['estimate', 'estimates'],
      ['launch', 'launches'], ['defer', 'defers'], ['validate', 'validates'], ['interview', 'interviews'],
    ],
  },
  {
    tag: 'knowledge',
    nouns: [
      'note', 'vault', 'backlink', 'outline', 'draft', 'zettel', 'highlight', 'annotation', 'summary',
      'reading list', 'bibliography', 'citation', 'journal entry', 'reflection', 'template', 'heading', 'alias',
      'frontmatter', 'daily note', 'map of content', 'index card', 'literature note', 'fleeting thought',
      'evergreen note', 'graph view', 'canvas board',
    ],
    adjectives: ['atomic', 'evergreen', 'orphan', 'linked', 'unfinished', 'dense', 'searchable', 'personal', 'archived', 'curated'],
    verbs: [
      ['link', 'links'], ['outline', 'outlines'], ['annotate', 'annotates'], ['archive', 'archives'],
      ['revisit', 'revisits'], ['distill', 'distills'], ['cite', 'cites'], ['tag', 'tags'],
    ],
  },
  {
    tag: 'garden',
    nouns: [
      'garden bed', 'tomato', 'compost heap', 'seedling', 'irrigation line', 'pruning', 'harvest', 'soil',
      'mulch', 'greenhouse', 'basil', 'orchard', 'raised bed', 'cutting', 'trellis', 'rain barrel', 'aphid',
      'cover crop', 'seed tray', 'frost cloth', 'pollinator', 'squash',
    ],
    adjectives: ['waterlogged', 'sunny', 'shaded', 'frost-tender', 'perennial', 'leggy', 'organic', 'overgrown', 'dormant', 'fertile'],
    verbs: [
      ['prune', 'prunes'], ['water', 'waters'], ['transplant', 'transplants'], ['sow', 'sows'],
      ['harvest', 'harvests'], ['mulch', 'mulches'], ['compost', 'composts'], ['germinate', 'germinates'],
    ],
  },
  {
    tag: 'fitness',
    nouns: [
      'long run', 'interval session', 'cadence', 'stretching routine', 'sleep schedule', 'protein intake',
      'recovery day', 'marathon plan', 'heart rate zone', 'strength block', 'mobility drill', 'tempo run',
      'rest interval', 'foam roller', 'training log', 'hill repeat', 'warm-up', 'cool-down', 'race pace',
    ],
    adjectives: ['easy', 'hard', 'sore', 'aerobic', 'steady', 'tapered', 'fatigued', 'rested', 'progressive', 'hilly'],
    verbs: [
      ['stretch', 'stretches'], ['recover', 'recovers'], ['taper', 'tapers'], ['train', 'trains'],
      ['rest', 'rests'], ['jog', 'jogs'], ['lift', 'lifts'], ['track', 'tracks'],
    ],
  },
  {
    tag: 'finance',
    nouns: [
      'budget', 'invoice', 'expense report', 'tax return', 'savings goal', 'portfolio', 'dividend', 'mortgage',
      'receipt', 'forecast', 'ledger', 'reimbursement', 'subscription', 'cash flow', 'emergency fund',
      'index fund', 'spreadsheet', 'bank statement', 'quarterly estimate', 'deduction',
    ],
    adjectives: ['overdue', 'recurring', 'deductible', 'monthly', 'fixed', 'variable', 'reconciled', 'pending', 'annual', 'frugal'],
    verbs: [
      ['budget', 'budgets'], ['reconcile', 'reconciles'], ['invoice', 'invoices'], ['save', 'saves'],
      ['invest', 'invests'], ['forecast', 'forecasts'], ['reimburse', 'reimburses'], ['deduct', 'deducts'],
    ],
  },
];

export const COMMON_VERBS: readonly (readonly [string, string])[] = [
  ['improve', 'improves'], ['reduce', 'reduces'], ['break', 'breaks'], ['replace', 'replaces'], ['measure', 'measures'],
  ['document', 'documents'], ['simplify', 'simplifies'], ['block', 'blocks'], ['depend on', 'depends on'],
  ['duplicate', 'duplicates'], ['review', 'reviews'], ['track', 'tracks'], ['split', 'splits'], ['merge', 'merges'],
  ['move', 'moves'], ['slow down', 'slows down'], ['speed up', 'speeds up'], ['hide', 'hides'], ['explain', 'explains'],
  ['test', 'tests'], ['monitor', 'monitors'], ['change', 'changes'], ['touch', 'touches'], ['need', 'needs'],
];

export const COMMON_ADJECTIVES: readonly string[] = [
  'small', 'large', 'slow', 'fast', 'new', 'old', 'shared', 'broken', 'simple', 'complex', 'careful', 'obvious',
  'hidden', 'manual', 'automatic', 'noisy', 'quiet', 'early', 'late', 'weekly', 'temporary', 'permanent',
  'surprising', 'expensive', 'cheap', 'reliable', 'fragile', 'clear', 'vague', 'consistent',
];

export const ADVERBS: readonly string[] = [
  'quickly', 'slowly', 'rarely', 'often', 'silently', 'twice', 'again', 'already', 'eventually', 'reliably',
  'mostly', 'barely', 'suddenly', 'carefully', 'every morning', 'at night', 'under load', 'in practice',
];

export const PEOPLE: readonly string[] = [
  'Ana', 'Bilal', 'Chen', 'Dara', 'Elif', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Lior', 'Mateo',
  'Noor', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tomas', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zeke',
];

export const UNITS: readonly string[] = ['ms', 'seconds', 'minutes', 'percent', 'MB', 'GB', 'requests', 'notes', 'km', 'euros'];

export const STATUSES: readonly string[] = ['planning', 'active', 'active', 'paused', 'done', 'blocked'];

export const MEETING_KINDS: readonly string[] = [
  'planning', 'standup', 'retro', 'design review', 'one-on-one', 'sync', 'kickoff', 'postmortem', 'demo',
];

export const SECTION_NAMES: Record<string, readonly string[]> = {
  project: ['Goals', 'Background', 'Design', 'Open questions', 'Risks', 'Milestones', 'Decisions', 'Status'],
  area: ['Overview', 'Principles', 'Current focus', 'Reference', 'Habits', 'Review'],
  resource: ['Summary', 'Key ideas', 'Details', 'Examples', 'Caveats', 'Further reading', 'How I use it'],
  subsection: ['Context', 'Options', 'Trade-offs', 'Example', 'Notes', 'Numbers', 'Follow-up', 'Edge cases'],
};
