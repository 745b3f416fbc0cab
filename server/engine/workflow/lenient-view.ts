/**
 * The parts of a possibly malformed workflow that graph checks can still use: every node with a string id (and
 * maybe a type), every connection with string ends. Lets validation report graph problems alongside schema ones.
 */

export interface LooseNode {
  readonly index: number;
  readonly id: string;
  readonly type: string | undefined;
  readonly params: Readonly<Record<string, unknown>>;
  readonly credentials: Readonly<Record<string, unknown>>;
  readonly onError: unknown;
}

export interface LooseConnection {
  readonly index: number;
  readonly from: string;
  readonly output: string;
  readonly to: string;
  readonly input: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function lenientView(input: unknown): { readonly nodes: readonly LooseNode[]; readonly connections: readonly LooseConnection[] } {
  const nodes: LooseNode[] = [];
  const connections: LooseConnection[] = [];
  if (!isRecord(input)) return { nodes, connections };
  const rawNodes = Array.isArray(input.nodes) ? input.nodes : [];
  rawNodes.forEach((raw: unknown, index) => {
    if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id === '') return;
    nodes.push({
      index,
      id: raw.id,
      type: typeof raw.type === 'string' && raw.type !== '' ? raw.type : undefined,
      params: isRecord(raw.params) ? raw.params : {},
      credentials: isRecord(raw.credentials) ? raw.credentials : {},
      onError: raw.onError,
    });
  });
  const rawConnections = Array.isArray(input.connections) ? input.connections : [];
  rawConnections.forEach((raw: unknown, index) => {
    if (!isRecord(raw) || typeof raw.from !== 'string' || typeof raw.to !== 'string') return;
    connections.push({
      index,
      from: raw.from,
      output: typeof raw.output === 'string' ? raw.output : 'main',
      to: raw.to,
      input: typeof raw.input === 'string' ? raw.input : 'main',
    });
  });
  return { nodes, connections };
}
