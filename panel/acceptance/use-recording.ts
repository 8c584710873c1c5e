/** The recording the views show: the imported report's, or the live one read at the panel's "now". */
import { useNow } from '../clock';
import type { Recording } from '../recording/recording';
import { useInsight } from './view-store';

export function useRecording(): { recording: Recording; imported: boolean } {
  const imported = useInsight((s) => s.imported);
  const recorder = useInsight((s) => s.recorder);
  useInsight((s) => s.recordingVersion); // re-render when the recorder changed
  const now = useNow();
  if (imported) return { recording: imported.recording, imported: true };
  return { recording: recorder.snapshot(now), imported: false };
}
