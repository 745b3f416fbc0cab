import { memo, useEffect, useState } from 'react';
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { docActions } from '../store/index.js';
import type { StickyFlowNode } from './to-flow.js';

/** A sticky note: editable text, resizable; changes are one undo step each. */
export const StickyNode = memo(function StickyNode({ data, selected }: NodeProps<StickyFlowNode>) {
  const { t } = useTranslation();
  const { note } = data;
  const [text, setText] = useState(note.text);
  useEffect(() => setText(note.text), [note.text]);
  return (
    <div className={`sticky${selected ? ' selected' : ''}`} style={note.color ? { background: note.color } : undefined}>
      <NodeResizer
        isVisible={selected ?? false}
        minWidth={120}
        minHeight={80}
        onResizeEnd={(_, p) => docActions.updateSticky(note.id, { width: p.width, height: p.height, position: { x: p.x, y: p.y } })}
      />
      <textarea
        className="nodrag"
        aria-label={t('canvas.stickyText')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text !== note.text) docActions.updateSticky(note.id, { text });
        }}
      />
    </div>
  );
});
