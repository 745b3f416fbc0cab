import { useMemo, useRef, useState, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { NodeType } from '../api/index.js';
import { description, displayName, grouped, searchCatalog } from '../lib/catalog.js';
import { docActions, editorStore, selectCatalog, selectConnectFrom, useEditor } from '../store/index.js';

const DRAG_THRESHOLD = 4;

/**
 * The node palette: grouped, searchable over names and descriptions, keyboard navigable (arrows, Enter).
 * A node is added by dragging it onto the canvas (pointer events, so it works with mouse, pen and touch),
 * or by Enter/click, which places it next to the "+" it was opened from, else in the middle of the view.
 */
export function Palette() {
  const { t, i18n } = useTranslation();
  const catalog = useEditor(selectCatalog);
  const connectFrom = useEditor(selectConnectFrom);
  const [query, setQuery] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const flow = useReactFlow();
  const [ghost, setGhost] = useState<{ x: number; y: number; label: string } | null>(null);

  const groups = useMemo(() => grouped(searchCatalog(catalog, query, i18n.language)), [catalog, query, i18n.language]);

  const addAt = (type: NodeType, position?: { x: number; y: number }) => {
    const from = editorStore.getState().connectFrom;
    let at = position;
    if (!at) {
      const doc = editorStore.getState().doc;
      const source = from ? doc?.workflow.nodes.find((n) => n.id === from.node) : undefined;
      if (source?.position) at = { x: source.position.x + 260, y: source.position.y };
      else {
        const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
        at = pane ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
      }
    }
    docActions.addNode(type.type, at, from ?? undefined);
    editorStore.setState({ connectFrom: null });
  };

  const items = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button.palette-item') ?? []);
  const onKeyDown = (e: KeyboardEvent) => {
    const list = items();
    const index = list.findIndex((b) => b === document.activeElement);
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      list[Math.min(index + 1, list.length - 1)]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (index <= 0) document.getElementById('palette-search')?.focus();
      else list[index - 1]?.focus();
    } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      list[0]?.click();
    } else if (e.key === 'Escape') {
      setQuery('');
      editorStore.setState({ connectFrom: null });
    }
  };

  const startDrag = (type: NodeType, label: string) => (down: ReactPointerEvent<HTMLButtonElement>) => {
    if (down.button !== 0) return;
    const start = { x: down.clientX, y: down.clientY };
    let dragging = false;
    const move = (e: PointerEvent) => {
      if (!dragging && Math.hypot(e.clientX - start.x, e.clientY - start.y) > DRAG_THRESHOLD) dragging = true;
      if (dragging) setGhost({ x: e.clientX, y: e.clientY, label });
    };
    const up = (e: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setGhost(null);
      if (!dragging) return;
      const target = document.elementFromPoint(e.clientX, e.clientY);
      if (target?.closest('.react-flow')) addAt(type, flow.screenToFlowPosition({ x: e.clientX - 20, y: e.clientY - 20 }));
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <aside className="palette" aria-label={t('palette.title')} onKeyDown={onKeyDown}>
      <label className="palette-search">
        <span className="sr-only">{t('palette.search')}</span>
        <input id="palette-search" type="search" placeholder={t('palette.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
      </label>
      {connectFrom && (
        <p className="hint" role="status">
          {t('palette.connectHint', { node: connectFrom.node, output: connectFrom.output })}{' '}
          <button type="button" className="link" onClick={() => editorStore.setState({ connectFrom: null })}>
            {t('common.cancel')}
          </button>
        </p>
      )}
      <div className="palette-list" ref={listRef}>
        {groups.length === 0 && <p className="muted">{t('palette.none')}</p>}
        {groups.map((g) => (
          <section key={g.group} aria-labelledby={`group-${g.group}`}>
            <h3 id={`group-${g.group}`}>{t(`groups.${g.group}`)}</h3>
            {g.types.map((type) => {
              const label = displayName(type, type.type, i18n.language);
              return (
                <button
                  key={type.type}
                  type="button"
                  className="palette-item"
                  data-node-type={type.type}
                  title={description(type, i18n.language)}
                  onPointerDown={startDrag(type, label)}
                  onClick={() => addAt(type)}
                >
                  <span className="palette-name">{label}</span>
                  <span className="palette-desc">{description(type, i18n.language)}</span>
                </button>
              );
            })}
          </section>
        ))}
      </div>
      {ghost && (
        <div className="drag-ghost" style={{ left: ghost.x, top: ghost.y }} aria-hidden="true">
          {ghost.label}
        </div>
      )}
    </aside>
  );
}
