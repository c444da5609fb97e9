import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ErrorState } from '../shared/page-state.js';

/** What a page that failed to render shows instead of a blank screen: what happened and the ways on. */
export function RouteError() {
  const error = useRouteError();
  const cause = isRouteErrorResponse(error) ? new Error(`${error.status} ${error.statusText}`) : error;
  return (
    <ErrorState title="This page could not be shown" error={cause} onRetry={() => window.location.reload()}>
      <p>
        <Link to="/">Go to your start page</Link>
      </p>
    </ErrorState>
  );
}
