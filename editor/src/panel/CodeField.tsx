import CodeMirror from '@uiw/react-codemirror';
import { javascript } from '@codemirror/lang-javascript';
import { EditorView } from '@codemirror/view';
import { useMemo } from 'react';

/** The JavaScript editor for `code` params (the code node's source). */
export function CodeField({ value, onChange, labelledBy }: { value: string; onChange: (value: string) => void; labelledBy: string }) {
  const extensions = useMemo(() => [javascript(), EditorView.contentAttributes.of({ 'aria-labelledby': labelledBy })], [labelledBy]);
  return <CodeMirror value={value} onChange={onChange} extensions={extensions} minHeight="120px" maxHeight="400px" />;
}
