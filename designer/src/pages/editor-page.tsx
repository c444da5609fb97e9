import { useParams } from 'react-router';

/** The workflow editor (canvas, inspector, JSON view, test runs). */
export function EditorPage() {
  const { workflowId } = useParams();
  return <section className="editor" data-workflow={workflowId} />;
}
