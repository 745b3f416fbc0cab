import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CodeField } from './CodeField.js';
import { ExpressionEditor } from './ExpressionEditor.js';
import { previewExpression, type PreviewScope } from './expression.js';
import { formatValues, fromExpression, isExpression, parseValues, toExpression, type FieldSpec } from './schema-form.js';

export interface FieldContext {
  readonly scope: PreviewScope;
  readonly nodeIds: readonly string[];
  /** Localized label/description by param path. */
  readonly text: (path: string) => { label?: string; description?: string };
  /** Problems (server or local) for a param path. */
  readonly problems: (path: string) => readonly string[];
}

/**
 * One param: label, help, fixed editor by kind or an expression editor (toggle "Fixed / Expression"), and
 * its problems. Dropping a dragged data field switches the field to an expression and inserts it.
 */
export function ParamField({ spec, value, onChange, ctx }: { spec: FieldSpec; value: unknown; onChange: (value: unknown) => void; ctx: FieldContext }) {
  const { t } = useTranslation();
  const id = useId();
  const labelId = `${id}-label`;
  const [expressionMode, setExpressionMode] = useState(() => isExpression(value) || (spec.field.kind === 'any' && typeof value === 'string' && value.includes('{{')));
  const localized = ctx.text(spec.path);
  const label = localized.label ?? spec.label;
  const help = localized.description ?? spec.description;
  const problems = ctx.problems(spec.path);
  const canExpress = spec.field.kind !== 'code' && spec.field.kind !== 'list' && spec.field.kind !== 'union';
  const expression = expressionMode || (spec.field.kind === 'any' && isExpression(value));

  const onDrop = (e: DragEvent) => {
    const text = e.dataTransfer.getData('text/plain');
    if (!text.startsWith('{{') || !canExpress) return;
    e.preventDefault();
    const current = typeof value === 'string' && expression ? value : '';
    onChange(current.trim() === '' || current.trim() === '{{  }}' ? text : `${current} ${text}`);
    setExpressionMode(true);
  };

  return (
    <div
      className={`param${problems.length > 0 ? ' invalid' : ''}`}
      data-param={spec.path}
      onDragOver={(e) => {
        if (canExpress) e.preventDefault();
      }}
      onDrop={onDrop}
    >
      <div className="param-head">
        <span className="param-label" id={labelId}>
          {label}
          {spec.required && <span aria-hidden="true"> *</span>}
        </span>
        {canExpress && (
          <div className="seg small" role="group" aria-label={t('expr.mode', { label })}>
            <button
              type="button"
              aria-pressed={!expression}
              onClick={() => {
                if (!expression) return;
                setExpressionMode(false);
                onChange(typeof value === 'string' ? fromExpression(value, spec.field) : value);
              }}
            >
              {t('expr.fixed')}
            </button>
            <button
              type="button"
              aria-pressed={expression}
              data-testid={`expr-toggle-${spec.path}`}
              onClick={() => {
                if (expression) return;
                setExpressionMode(true);
                onChange(toExpression(value));
              }}
            >
              {t('expr.expression')}
            </button>
          </div>
        )}
      </div>
      {expression ? (
        <ExpressionEditor id={spec.path} value={typeof value === 'string' ? value : toExpression(value)} onChange={onChange} scope={ctx.scope} nodeIds={ctx.nodeIds} labelledBy={labelId} />
      ) : (
        <FixedEditor spec={spec} value={value} onChange={onChange} labelId={labelId} ctx={ctx} />
      )}
      {help && <p className="param-help">{help}</p>}
      {problems.map((p) => (
        <p key={p} className="field-error" role="alert">
          {p}
        </p>
      ))}
    </div>
  );
}

function FixedEditor({ spec, value, onChange, labelId, ctx }: { spec: FieldSpec; value: unknown; onChange: (value: unknown) => void; labelId: string; ctx: FieldContext }) {
  const { t } = useTranslation();
  const field = spec.field;
  switch (field.kind) {
    case 'text':
    case 'any': {
      const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
      const multiline = field.kind === 'text' && field.multiline;
      return multiline ? (
        <textarea aria-labelledby={labelId} value={text} onChange={(e) => onChange(e.target.value)} rows={4} />
      ) : (
        <input
          aria-labelledby={labelId}
          value={text}
          placeholder={spec.examples?.[0] !== undefined ? String(spec.examples[0]) : undefined}
          onChange={(e) => onChange(e.target.value === '' && !spec.required ? undefined : e.target.value)}
        />
      );
    }
    case 'code':
      return <CodeField value={typeof value === 'string' ? value : ''} onChange={onChange} labelledBy={labelId} />;
    case 'number':
      return (
        <input
          aria-labelledby={labelId}
          type="number"
          step={field.integer ? 1 : 'any'}
          min={field.minimum}
          max={field.maximum}
          value={typeof value === 'number' ? value : ''}
          placeholder={typeof spec.default === 'number' ? String(spec.default) : undefined}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'boolean':
      return (
        <label className="check">
          <input type="checkbox" aria-labelledby={labelId} checked={value === true || (value === undefined && spec.default === true)} onChange={(e) => onChange(e.target.checked)} />
        </label>
      );
    case 'enum':
      return (
        <select aria-labelledby={labelId} value={typeof value === 'string' ? value : typeof spec.default === 'string' ? spec.default : ''} onChange={(e) => onChange(e.target.value)}>
          {!spec.required && spec.default === undefined && <option value="">{t('common.none')}</option>}
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'keyValue':
      return <KeyValueEditor value={value} onChange={onChange} labelId={labelId} ctx={ctx} path={spec.path} />;
    case 'list':
      return <ListEditor spec={spec} itemFields={field.itemFields} value={value} onChange={onChange} ctx={ctx} />;
    case 'union':
      return <UnionEditor field={field} value={value} onChange={onChange} labelId={labelId} ctx={ctx} />;
    case 'object':
      return <ObjectEditor fields={field.fields} value={value} onChange={onChange} labelId={labelId} ctx={ctx} />;
    case 'values':
      return <ValuesEditor item={field.item} value={value} onChange={onChange} labelId={labelId} />;
    case 'json':
      return <JsonEditor value={value} onChange={onChange} labelId={labelId} />;
    default: {
      const never: never = field;
      return never;
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Name → value rows; values may be expressions (drop a data field on a value to map it). */
function KeyValueEditor({ value, onChange, labelId, ctx, path }: { value: unknown; onChange: (v: unknown) => void; labelId: string; ctx: FieldContext; path: string }) {
  const { t } = useTranslation();
  const entries: [string, unknown][] = isRecord(value) ? Object.entries(value) : [];
  const set = (next: [string, unknown][]) => onChange(Object.fromEntries(next));
  return (
    <div className="kv" role="group" aria-labelledby={labelId}>
      {entries.map(([k, v], i) => (
        <div className="kv-row" key={i} data-kv-row={i}>
          <input aria-label={t('form.key')} value={k} onChange={(e) => set(entries.map((en, j) => (j === i ? [e.target.value, en[1]] : en)))} />
          <input
            aria-label={t('form.valueOf', { key: k })}
            data-kv-value={k}
            className={typeof v === 'string' && v.includes('{{') ? 'has-expression' : ''}
            value={typeof v === 'string' ? v : JSON.stringify(v)}
            onChange={(e) => set(entries.map((en, j) => (j === i ? [en[0], e.target.value] : en)))}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              const text = e.dataTransfer.getData('text/plain');
              if (!text) return;
              e.preventDefault();
              e.stopPropagation();
              set(entries.map((en, j) => (j === i ? [en[0], text] : en)));
            }}
          />
          <button type="button" className="icon" aria-label={t('form.removeRow', { key: k })} onClick={() => set(entries.filter((_, j) => j !== i))}>
            ×
          </button>
          {typeof v === 'string' && v.includes('{{') && <KvPreview value={v} ctx={ctx} />}
        </div>
      ))}
      <button type="button" onClick={() => set([...entries, [nextKey(entries), '']])} data-testid={`kv-add-${path}`}>
        {t('form.addRow')}
      </button>
    </div>
  );
}

function KvPreview({ value, ctx }: { value: string; ctx: FieldContext }) {
  return <ExpressionPreviewLine value={value} ctx={ctx} />;
}

function ExpressionPreviewLine({ value, ctx }: { value: string; ctx: FieldContext }) {
  const { t } = useTranslation();
  const r = previewExpression(value, ctx.scope);
  return (
    <div className={`preview small ${r.kind}`} data-testid="expression-preview">
      <span className="preview-label">{t('expr.preview')}</span>{' '}
      {r.kind === 'value' ? <code>{r.value === undefined ? t('expr.undefined') : JSON.stringify(r.value)}</code> : <span className="field-error">{r.message}</span>}
    </div>
  );
}

function nextKey(entries: [string, unknown][]): string {
  const taken = new Set(entries.map(([k]) => k));
  for (let i = 1; i < 1000; i++) if (!taken.has(`field${i}`)) return `field${i}`;
  return `field${Date.now()}`;
}

function ListEditor({ spec, itemFields, value, onChange, ctx }: { spec: FieldSpec; itemFields: readonly FieldSpec[]; value: unknown; onChange: (v: unknown) => void; ctx: FieldContext }) {
  const { t } = useTranslation();
  const items: Record<string, unknown>[] = Array.isArray(value) ? value.filter(isRecord) : [];
  return (
    <div className="list-editor">
      {items.map((item, i) => (
        <fieldset key={i} className="list-item">
          <legend>
            {spec.label} {i + 1}
          </legend>
          {itemFields.map((f) => (
            <ParamField key={f.path} spec={f} value={item[f.name]} ctx={ctx} onChange={(v) => onChange(items.map((it, j) => (j === i ? { ...it, [f.name]: v } : it)))} />
          ))}
          <button type="button" onClick={() => onChange(items.filter((_, j) => j !== i))}>
            {t('form.removeItem')}
          </button>
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...items, {}])}>
        {t('form.addItem')}
      </button>
    </div>
  );
}

function UnionEditor({ field, value, onChange, labelId, ctx }: { field: Extract<FieldSpec['field'], { kind: 'union' }>; value: unknown; onChange: (v: unknown) => void; labelId: string; ctx: FieldContext }) {
  const current = isRecord(value) ? value : {};
  const tag = typeof current[field.tagField] === 'string' ? String(current[field.tagField]) : field.variants[0]?.tag ?? '';
  const variant = field.variants.find((v) => v.tag === tag);
  return (
    <div className="union">
      <select aria-labelledby={labelId} value={tag} onChange={(e) => onChange({ [field.tagField]: e.target.value })}>
        {field.variants.map((v) => (
          <option key={v.tag} value={v.tag}>
            {v.tag}
          </option>
        ))}
      </select>
      {variant?.fields.map((f) => (
        <ParamField key={f.path} spec={f} value={current[f.name]} ctx={ctx} onChange={(v) => onChange({ ...current, [field.tagField]: tag, [f.name]: v })} />
      ))}
    </div>
  );
}

/** The declared properties of an object param, each with its own field; an object left empty is removed. */
function ObjectEditor({ fields, value, onChange, labelId, ctx }: { fields: readonly FieldSpec[]; value: unknown; onChange: (v: unknown) => void; labelId: string; ctx: FieldContext }) {
  const current = isRecord(value) ? value : {};
  const set = (name: string, next: unknown) => {
    const { [name]: _previous, ...rest } = current;
    const merged = next === undefined ? rest : { ...rest, [name]: next };
    onChange(Object.keys(merged).length === 0 ? undefined : merged);
  };
  return (
    <fieldset className="object-editor" aria-labelledby={labelId}>
      {fields.map((f) => (
        <ParamField key={f.path} spec={f} value={current[f.name]} ctx={ctx} onChange={(v) => set(f.name, v)} />
      ))}
    </fieldset>
  );
}

/** A list of plain values as one line ("0.8, 1.2"); what does not parse is shown and not stored. */
function ValuesEditor({ item, value, onChange, labelId }: { item: 'number' | 'integer' | 'text'; value: unknown; onChange: (v: unknown) => void; labelId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => formatValues(value));
  const [bad, setBad] = useState<string | null>(null);
  return (
    <>
      <input
        aria-labelledby={labelId}
        value={text}
        placeholder={item === 'text' ? t('form.valuesTextHint') : t('form.valuesNumberHint')}
        onChange={(e) => {
          setText(e.target.value);
          const parsed = parseValues(e.target.value, item);
          if (!parsed.ok) {
            setBad(parsed.bad);
            return;
          }
          setBad(null);
          onChange(parsed.values.length === 0 ? undefined : parsed.values);
        }}
      />
      {bad !== null && <p className="field-error">{t(item === 'integer' ? 'form.notWholeNumber' : 'form.notNumber', { value: bad })}</p>}
    </>
  );
}

function JsonEditor({ value, onChange, labelId }: { value: unknown; onChange: (v: unknown) => void; labelId: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <textarea
        aria-labelledby={labelId}
        className="mono"
        rows={4}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === '') {
            setError(null);
            onChange(undefined);
            return;
          }
          try {
            onChange(JSON.parse(e.target.value));
            setError(null);
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          }
        }}
      />
      {error && <p className="field-error">{t('form.invalidJson', { message: error })}</p>}
    </>
  );
}
