import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { queryClient } from './query-client.js';
import { routes } from './routes.js';

const router = createBrowserRouter(routes);

/** The designer: the route table (routes.tsx) over the server data cache. */
export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
