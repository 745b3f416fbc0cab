import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowNode } from '../../../server/engine/workflow/schema.js';
import type { CredentialTypeInfo, NodeType } from '../api/index.js';
import { CredentialForm, localized } from '../components/CredentialForm.js';
import { appActions, docActions, selectCredentials, selectCredentialTypes, useEditor } from '../store/index.js';

/** The node's credential slots: pick a stored credential of the slot's type, or create one inline. */
export function CredentialPicker({ node, type }: { node: WorkflowNode; type: NodeType }) {
  const { t, i18n } = useTranslation();
  const credentials = useEditor(selectCredentials);
  const knownTypes = useEditor(selectCredentialTypes);
  const [creating, setCreating] = useState<string | null>(null);
  const slots = Object.entries(Array.isArray(type.credentials) ? Object.fromEntries(type.credentials.map((s, i) => [s.slot ?? `slot${i}`, s])) : (type.credentials ?? {}));
  useEffect(() => {
    if (slots.length > 0 && credentials.kind === 'idle') void appActions.loadCredentials();
  }, [slots.length, credentials.kind]);
  if (slots.length === 0) return null;
  const list = credentials.kind === 'loaded' ? credentials.value : [];

  return (
    <section className="credential-picker" aria-labelledby={`cred-${node.id}`}>
      <h3 id={`cred-${node.id}`}>{t('credentials.title')}</h3>
      {slots.map(([slot, spec]) => {
        const info: CredentialTypeInfo = typeof spec.type === 'string' ? (knownTypes.find((k) => k.type === spec.type) ?? { type: spec.type }) : spec.type;
        const options = list.filter((c) => c.type === info.type);
        const value = node.credentials?.[slot] ?? '';
        return (
          <div key={slot} className="param">
            <label>
              {slot} ({localized(info.displayName, info.type, i18n.language)}){spec.required ? ' *' : ''}
              <select
                value={value}
                onChange={(e) => {
                  if (e.target.value === '__new') {
                    setCreating(slot);
                    return;
                  }
                  const id = e.target.value;
                  docActions.updateNode(node.id, (n) => ({ ...n, credentials: { ...(n.credentials ?? {}), [slot]: id } }));
                }}
              >
                <option value="">{t('common.none')}</option>
                {options.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
                <option value="__new">{t('credentials.createInline')}</option>
              </select>
            </label>
            {creating === slot && (
              <CredentialForm
                types={[info]}
                fixedType={info.type}
                onDone={(id) => {
                  setCreating(null);
                  if (id) docActions.updateNode(node.id, (n) => ({ ...n, credentials: { ...(n.credentials ?? {}), [slot]: id } }));
                }}
              />
            )}
          </div>
        );
      })}
    </section>
  );
}
