import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { editorStore } from '../store/index.js';
import type { WorkflowFlowNode } from './to-flow.js';

const GROUP_ICON: Record<string, string> = { trigger: '⚡', flow: '◇', data: '≡', commerce: '¤', action: '▶' };

/**
 * One workflow node: title, id, run status and item count; an input handle per input on the left, an output
 * handle per output on the right, each with a "+" that adds a node connected to it.
 */
export const FlowNode = memo(function FlowNode({ data, selected }: NodeProps<WorkflowFlowNode>) {
  const { t } = useTranslation();
  const { node, ports, run, title, type, pinned } = data;
  const status = run?.status;
  const count = run ? Object.values(run.outputs).reduce((n, items) => n + items.length, 0) : null;
  const classes = ['flow-node', selected ? 'selected' : '', node.disabled ? 'disabled' : '', status ? `run-${status}` : '', data.trigger ? 'trigger' : ''];
  return (
    <div
      className={classes.join(' ')}
      data-node-id={node.id}
      data-status={status ?? 'idle'}
      aria-label={t('canvas.nodeLabel', { title, id: node.id })}
      // Room for each port's label: three outputs (main, failed, error) must not crowd the title.
      style={{ minHeight: `${Math.max(ports.inputs.length, ports.outputs.length) * 18 + 12}px` }}
    >
      {ports.inputs.map((input, i) => (
        <Handle
          key={`in-${input}`}
          type="target"
          position={Position.Left}
          id={input}
          style={{ top: `${((i + 1) / (ports.inputs.length + 1)) * 100}%` }}
          title={input}
          aria-label={t('canvas.input', { name: input })}
        >
          {ports.inputs.length > 1 && <span className="port-label port-in">{input}</span>}
        </Handle>
      ))}
      <div className="flow-node-body">
        <span className="flow-node-icon" aria-hidden="true">
          {type?.icon && type.icon.length <= 2 ? type.icon : GROUP_ICON[type?.group ?? 'action']}
        </span>
        <div className="flow-node-text">
          <div className="flow-node-title">{title}</div>
          <div className="flow-node-id">{node.id}</div>
        </div>
      </div>
      <div className="flow-node-meta">
        {status && <span className={`badge status-${status}`} data-testid="node-status">{t(`status.${status}`)}</span>}
        {count !== null && status !== 'skipped' && <span className="count">{t('canvas.items', { count })}</span>}
        {pinned && <span className="badge pinned" title={t('panel.pinned')}>📌</span>}
        {node.disabled && <span className="badge">{t('panel.disabled')}</span>}
      </div>
      {ports.outputs.map((output, i) => (
        <Handle
          key={`out-${output}`}
          type="source"
          position={Position.Right}
          id={output}
          style={{ top: `${((i + 1) / (ports.outputs.length + 1)) * 100}%` }}
          title={output}
          aria-label={t('canvas.output', { name: output })}
        >
          {ports.outputs.length > 1 && <span className="port-label port-out">{output}</span>}
          <button
            type="button"
            className="add-after nodrag"
            data-output={output}
            aria-label={t('canvas.addAfter', { name: output })}
            onClick={(e) => {
              e.stopPropagation();
              editorStore.setState({ connectFrom: { node: node.id, output } });
              document.getElementById('palette-search')?.focus();
            }}
          >
            +
          </button>
        </Handle>
      ))}
    </div>
  );
});
