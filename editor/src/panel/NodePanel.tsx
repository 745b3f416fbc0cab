import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayName, paramText } from '../lib/catalog.js';
import {
  docActions, editorStore, selectCatalog, selectProblems, selectRunNodes, selectWorkflow, useEditor,
} from '../store/index.js';
import { CredentialPicker } from './CredentialPicker.js';
import { DataView } from './DataView.js';
import { inputItems, outputItems, previewScope } from './node-data.js';
import { ParamField, type FieldContext } from './ParamField.js';
import { SettingsForm } from './SettingsForm.js';
import { fieldsOf, localProblems, problemsFor } from './schema-form.js';

/**
 * The node panel: input data (drag fields onto params) | params and settings | output data (pin it).
 */
export function NodePanel({ nodeId }: { nodeId: string }) {
  const { t, i18n } = useTranslation();
  const workflow = useEditor(selectWorkflow);
  const types = useEditor(selectCatalog);
  const runNodes = useEditor(selectRunNodes);
  const serverProblems = useEditor(selectProblems);
  const [tab, setTab] = useState<'params' | 'settings'>('params');
  const node = workflow?.nodes.find((n) => n.id === nodeId);
  const type = types.find((x) => x.type === node?.type);
  const fields = useMemo(() => (type ? fieldsOf(type.params, '', new Set(type.literalParams ?? [])) : []), [type]);
  const scope = useMemo(() => (workflow ? previewScope(workflow, nodeId, runNodes) : null), [workflow, nodeId, runNodes]);
  if (!workflow || !node || !scope) return null;

  const nodeIndex = workflow.nodes.indexOf(node);
  const local = localProblems(fields, node.params);
  const ctx: FieldContext = {
    scope,
    nodeIds: workflow.nodes.map((n) => n.id).filter((id) => id !== nodeId),
    text: (path) => paramText(type, path, i18n.language),
    problems: (path) => {
      const l = local.get(path);
      return [...(l ? [t(`form.${l}`)] : []), ...problemsFor(serverProblems, nodeIndex, path)];
    },
  };
  const input = inputItems(workflow, nodeId, runNodes);
  const outputs = outputItems(workflow, nodeId, runNodes);
  const run = runNodes?.[nodeId];
  const pinned = workflow.pinData?.[nodeId] !== undefined;
  const close = () => editorStore.setState({ panelNodeId: null });

  return (
    <aside className="node-panel" aria-labelledby="panel-title" data-testid="node-panel" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="panel-head">
        <div>
          <h2 id="panel-title">{node.name ?? displayName(type, node.type, i18n.language)}</h2>
          <div className="muted small">
            {displayName(type, node.type, i18n.language)} · <code>{node.id}</code>
          </div>
        </div>
        <button type="button" className="icon" aria-label={t('common.close')} onClick={close}>
          ×
        </button>
      </div>
      <div className="panel-cols">
        <section className="panel-data" aria-labelledby="input-title">
          <h3 id="input-title">{t('panel.input')}</h3>
          {input.length > 0 && <p className="muted small">{t('panel.dragHint')}</p>}
          <DataView items={input} draggable testId="input-data" />
        </section>
        <section className="panel-main">
          <div className="tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'params'} onClick={() => setTab('params')}>
              {t('panel.params')}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'settings'} onClick={() => setTab('settings')}>
              {t('panel.settings')}
            </button>
          </div>
          {tab === 'params' ? (
            <div role="tabpanel" className="params">
              <label>
                {t('panel.name')}
                <input
                  defaultValue={node.name ?? ''}
                  placeholder={displayName(type, node.type, i18n.language)}
                  onBlur={(e) => {
                    const name = e.target.value.trim();
                    docActions.updateNode(node.id, (n) => {
                      if ((n.name ?? '') === name) return n;
                      if (name === '') {
                        const { name: _x, ...rest } = n;
                        return rest;
                      }
                      return { ...n, name };
                    });
                  }}
                />
              </label>
              {!type && <p className="field-error">{t('panel.unknownType', { type: node.type })}</p>}
              {fields.length === 0 && type && <p className="muted">{t('panel.noParams')}</p>}
              {fields.map((f) => (
                <ParamField key={`${node.id}:${f.path}`} spec={f} value={node.params[f.name]} ctx={ctx} onChange={(v) => docActions.setParam(node.id, f.name, v)} />
              ))}
              {type && <CredentialPicker node={node} type={type} />}
            </div>
          ) : (
            <div role="tabpanel">
              <SettingsForm node={node} />
            </div>
          )}
        </section>
        <section className="panel-data" aria-labelledby="output-title">
          <h3 id="output-title">
            {t('panel.output')} {run && <span className={`badge status-${run.status}`}>{t(`status.${run.status}`)}</span>}
          </h3>
          {run?.error && (
            <div className="node-error" role="alert">
              <strong>{run.error.code}</strong> {run.error.message}
            </div>
          )}
          {Object.entries(outputs).map(([name, items]) => (
            <div key={name}>
              {Object.keys(outputs).length > 1 && <h4>{name}</h4>}
              <DataView items={items} draggable={false} testId={`output-data-${name}`} />
            </div>
          ))}
          {Object.keys(outputs).length === 0 && !run?.error && <p className="muted small">{t('panel.noOutput')}</p>}
          <div className="actions">
            {pinned ? (
              <button type="button" onClick={() => docActions.setPinData(node.id, null)}>
                {t('panel.unpin')}
              </button>
            ) : (
              <button type="button" disabled={!run?.outputs['main']?.length} onClick={() => docActions.setPinData(node.id, (run?.outputs['main'] ?? []).map((i) => i.json))}>
                {t('panel.pin')}
              </button>
            )}
          </div>
        </section>
      </div>
    </aside>
  );
}
