import { Route, Routes } from 'react-router';
import { RunDetailPage } from './detail/run-detail-page.js';
import { ReplayPage } from './replay/replay-page.js';

/** A run's pages (`runs/:runId/*`): its detail, and a replay of it with the draft beside it. */
export function RunPages() {
  return (
    <Routes>
      <Route index element={<RunDetailPage />} />
      <Route path="replay/:replayId" element={<ReplayPage />} />
    </Routes>
  );
}
