import { useMemo } from 'react';
import CodeMirror from '@uiw/react-codemirror';
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import { EditorView } from '@codemirror/view';
import { useTranslation } from 'react-i18next';
import { completionsAt, previewExpression, type PreviewScope } from './expression.js';

/**
 * An expression field: CodeMirror with completion of `$json` fields (from the node's last input) and
 * `$node("id")`, and a preview of the value for the first input item, evaluated in the browser.
 */
export function ExpressionEditor({
  id, value, onChange, scope, nodeIds, labelledBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  scope: PreviewScope;
  nodeIds: readonly string[];
  labelledBy: string;
}) {
  const { t } = useTranslation();
  const extensions = useMemo(() => {
    const source = (context: CompletionContext): CompletionResult | null => {
      const line = context.state.doc.sliceString(0, context.pos);
      const found = completionsAt(line, scope.$json, nodeIds);
      if (!found || (found.options.length === 0 && !context.explicit)) return null;
      return { from: found.from, options: found.options.map((o) => ({ label: o.label, detail: o.detail, type: 'variable' })), validFor: /^[\w$.[\]"]*$/ };
    };
    return [
      javascript(),
      autocompletion({ override: [source], activateOnTyping: true }),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-labelledby': labelledBy, 'data-expression': id }),
    ];
  }, [scope.$json, nodeIds, labelledBy, id]);
  const preview = useMemo(() => previewExpression(value, scope), [value, scope]);
  return (
    <div className="expression">
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false, autocompletion: false }}
        minHeight="32px"
        maxHeight="200px"
      />
      <div className={`preview ${preview.kind}`} aria-live="polite" data-testid="expression-preview">
        <span className="preview-label">{t('expr.preview')}</span>{' '}
        {preview.kind === 'value' ? <code>{preview.value === undefined ? t('expr.undefined') : JSON.stringify(preview.value)}</code> : <span className="field-error">{preview.message}</span>}
      </div>
    </div>
  );
}
