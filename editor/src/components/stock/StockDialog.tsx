import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StockLevel } from '../../api/index.js';
import { appActions } from '../../store/index.js';
import { newIdempotencyKey, quantityFrom } from '../../store/stock.js';

export type StockDialogMode = { readonly kind: 'create' } | { readonly kind: 'edit'; readonly level: StockLevel };

interface Problems {
  readonly sku?: string;
  readonly quantity?: string;
  readonly reason?: string;
  readonly form?: string;
}

/**
 * A small modal form: change one SKU's quantity, or add a SKU. Missing input is caught here; everything else
 * (negative, fractional, too large) is the server's call, and its message shows next to the field.
 */
export function StockDialog({ mode, onDone }: { mode: StockDialogMode; onDone: (sku: string | null) => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [sku, setSku] = useState(mode.kind === 'edit' ? mode.level.sku : '');
  const [quantity, setQuantity] = useState(mode.kind === 'edit' ? String(mode.level.quantity) : '');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  // one key per typed value: a resent request changes stock once, a corrected value is a new change
  const key = useRef(newIdempotencyKey());
  const edited = () => {
    key.current = newIdempotencyKey();
  };

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const wantedSku = sku.trim();
    const wanted = quantityFrom(quantity);
    const local: Problems = {
      ...(wantedSku === '' && { sku: t('stock.skuRequired') }),
      ...(wanted === null && { quantity: t('stock.quantityRequired') }),
    };
    setProblems(local);
    if (wanted === null || wantedSku === '') return;
    setSaving(true);
    const result = await appActions.saveStock({ sku: wantedSku, quantity: wanted, reason: reason.trim(), idempotencyKey: key.current, create: mode.kind === 'create' });
    setSaving(false);
    switch (result.kind) {
      case 'ok':
        onDone(result.detail.sku);
        return;
      case 'exists':
        setProblems({ sku: t('stock.exists', { quantity: result.quantity }) });
        return;
      case 'error': {
        const on = (path: string) => result.error.details.find((d) => d.path === path)?.message;
        const fields = { quantity: on('quantity'), reason: on('reason'), sku: on('sku') };
        const any = fields.quantity ?? fields.reason ?? fields.sku;
        setProblems({ ...fields, ...(any === undefined && { form: result.error.message }) });
        return;
      }
      default: {
        const never: never = result;
        return never;
      }
    }
  };

  const title = mode.kind === 'edit' ? t('stock.editTitle', { sku: mode.level.sku }) : t('stock.addTitle');
  return (
    <dialog
      ref={ref}
      className="stock-dialog card"
      aria-labelledby="stock-dialog-title"
      onCancel={(e) => {
        e.preventDefault();
        onDone(null);
      }}
    >
      <form noValidate onSubmit={(e) => void submit(e)}>
        <h2 id="stock-dialog-title">{title}</h2>
        {mode.kind === 'create' && (
          <Field label={t('stock.sku')} problem={problems.sku}>
            <input value={sku} autoFocus autoComplete="off" onChange={(e) => { setSku(e.target.value); edited(); }} aria-invalid={problems.sku !== undefined} />
          </Field>
        )}
        <Field label={t('stock.quantity')} problem={problems.quantity}>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={quantity}
            autoFocus={mode.kind === 'edit'}
            onChange={(e) => { setQuantity(e.target.value); edited(); }}
            aria-invalid={problems.quantity !== undefined}
          />
        </Field>
        <Field label={t('stock.reason')} problem={problems.reason}>
          <input value={reason} maxLength={500} placeholder={t('stock.reasonPlaceholder')} onChange={(e) => { setReason(e.target.value); edited(); }} />
        </Field>
        {problems.form && <p className="field-error" role="alert">{problems.form}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? t('common.loading') : t('stock.save')}
          </button>
          <button type="button" onClick={() => onDone(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function Field({ label, problem, children }: { label: string; problem: string | undefined; children: ReactNode }) {
  return (
    <label className={problem ? 'invalid' : undefined}>
      {label}
      {children}
      {problem && <span className="field-error">{problem}</span>}
    </label>
  );
}
