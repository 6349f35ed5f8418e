// The list's own icons, drawn like common/Icon.tsx (24-unit grid, stroked in currentColor).
export function StarIcon({ filled, size = 15 }: { filled: boolean; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="m12 2.8 2.85 5.77 6.37.93-4.61 4.49 1.09 6.34L12 17.34l-5.7 2.99 1.09-6.34-4.61-4.49 6.37-.93L12 2.8z"
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function SortDirectionIcon({ descending, size = 15 }: { descending: boolean; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <g fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        {descending ? <path d="M8 4v16m0 0-4-4m4 4 4-4" /> : <path d="M8 20V4m0 0L4 8m4-4 4 4" />}
        <path d="M15 6h6M15 12h4M15 18h2" />
      </g>
    </svg>
  );
}
