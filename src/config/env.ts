/** Build-time switches. `VITE_MSW=1` runs the SPA on MSW mocks alone (`npm run dev:mock`). */
export const env = {
  useMocks: import.meta.env.VITE_MSW === '1',
}
