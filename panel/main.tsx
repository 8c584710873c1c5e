// Placeholder: the panel is being written. Kept loadable so the build works.
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(<p>SSE</p>);
