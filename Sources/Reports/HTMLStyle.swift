// The inline stylesheet of report.html: system fonts only, light and dark schemes, print-friendly.

/// CSS for report.html.
enum HTMLStyle {
    static let css = """
    :root { --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
            --pass: #1a7f37; --fail: #cf222e; --warn: #9a6700; color-scheme: light dark; }
    @media (prefers-color-scheme: dark) {
      :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
              --pass: #3fb950; --fail: #f85149; --warn: #d29922; }
    }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg);
           font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 40px; }
    h1 { font-size: 26px; margin: 0 0 4px; display: flex; align-items: center; gap: 14px; flex-wrap: wrap;
         overflow-wrap: anywhere; }
    h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
    h3 { font-size: 15px; margin: 18px 0 6px; }
    code { font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
           overflow-wrap: anywhere; }
    .badge { font-size: 14px; font-weight: 700; letter-spacing: .04em; padding: 4px 12px; border-radius: 999px;
             color: #fff; background: var(--muted); white-space: nowrap; }
    .badge.passed { background: var(--pass); }
    .badge.failed, .badge.error { background: var(--fail); }
    .badge.interrupted { background: var(--warn); }
    .description { color: var(--muted); margin: 0 0 12px; }
    .meta { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 6px 18px; margin: 0;
            padding: 12px 14px; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; }
    .meta div { min-width: 0; }
    .meta div.wide { grid-column: span 2; }
    td.src, td.nowrap { white-space: nowrap; }
    .faults .kind { font-weight: 600; }
    .faults td.error { min-width: 240px; }
    .faults .delay { display: block; font-size: 12px; color: var(--muted); }
    .meta dt { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
    .meta dd { margin: 0; }
    table { border-collapse: collapse; width: 100%; margin: 6px 0 8px; }
    th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
    thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
               background: var(--panel); }
    td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.mark { font-size: 16px; font-weight: 700; width: 28px; text-align: center; }
    tr.pass td.mark { color: var(--pass); }
    tr.fail td.mark, .fail { color: var(--fail); }
    table.verdict tr.fail { background: color-mix(in srgb, var(--fail) 7%, transparent); }
    .cid { color: var(--muted); font-size: 12px; margin-right: 4px; }
    .details { margin: 4px 0 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
    .summary { margin: 0 0 6px; }
    .hint, .empty { color: var(--muted); font-size: 13px; }
    figure { margin: 10px 0 18px; padding: 10px 12px 6px; border: 1px solid var(--line); border-radius: 8px; }
    figcaption { font-weight: 600; margin-bottom: 2px; }
    svg.plot { width: 100%; height: auto; display: block; font-size: 11px; }
    svg .grid { stroke: var(--line); stroke-width: 1; }
    svg .axis { stroke: var(--muted); stroke-width: 1; }
    svg .tick, svg .mark-label, svg .legend-text { fill: var(--muted); }
    svg .legend-text { fill: var(--fg); font-size: 12px; }
    svg .axis-label { fill: var(--muted); font-size: 12px; }
    svg .band-label { font-size: 11px; font-weight: 600; paint-order: stroke; stroke: var(--bg); stroke-width: 3px; }
    svg .mark-label { font-size: 11px; }
    .fault-legend { list-style: none; padding: 0; margin: 4px 0 8px; display: flex; flex-wrap: wrap; gap: 4px 18px;
                    font-size: 13px; }
    .fault-legend .targets { color: var(--muted); }
    .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 6px;
              vertical-align: -1px; opacity: .75; }
    .stats { display: flex; flex-wrap: wrap; gap: 10px; }
    .stat { padding: 8px 14px; border: 1px solid var(--line); border-radius: 8px; min-width: 130px; background: var(--panel); }
    .stat .value { display: block; font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
    .stat .name { font-size: 12px; color: var(--muted); }
    .stat.bad .value { color: var(--fail); }
    table.kv th { width: 180px; font-weight: 600; color: var(--muted); }
    footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
    @media print { main { max-width: none; padding: 0; } figure { break-inside: avoid; } }

    """
}
