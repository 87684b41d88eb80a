// nodeflow web view: plain browser JavaScript, no build step. Live data comes
// from the Server-Sent Events stream /api/v1/events: `switches` (a snapshot
// of every switch each second: rates are differences between snapshots) and
// `net` (switch up/down, port changes, errors). Details of one switch (MAC
// table, flows) are fetched from the REST API when it is selected.
'use strict';
(function () {
  const HISTORY = 60;
  const $ = (sel) => document.querySelector(sel);
  const state = {
    switches: new Map(), // dpid -> latest view
    last: new Map(), // dpid -> { at, received, sent }
    rates: new Map(), // dpid -> { t: number[], rx: number[], tx: number[] }
    plots: new Map(), // dpid -> uPlot
    selected: null,
    topology: null,
    capabilities: { stats: false, topology: false },
  };

  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('data-')) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const k of kids) e.append(k);
    return e;
  };
  const fmtUptime = (s) => {
    s = Math.floor(s);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  };
  const fmtRate = (r) => (r >= 1000 ? `${(r / 1000).toFixed(1)}k` : r.toFixed(r < 10 ? 1 : 0));
  const portName = (p) => (p > 0xffffff00 ? ({ 0xfffffffe: 'LOCAL' })[p] || String(p) : String(p));

  // ---------------------------------------------------------------- graph
  const cy = cytoscape({
    container: $('#graph'),
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, color: '#1d2330' } },
      { selector: 'node.switch', style: { shape: 'round-rectangle', width: 34, height: 22, 'background-color': '#2b6cb0' } },
      { selector: 'node.host', style: { shape: 'ellipse', width: 16, height: 16, 'background-color': '#8a94a6' } },
      { selector: 'node.selected', style: { 'border-width': 3, 'border-color': '#f6ad55' } },
      { selector: 'edge', style: { width: 2, 'line-color': '#9aa5b8', 'curve-style': 'bezier' } },
      { selector: 'edge.down', style: { 'line-color': '#c53030', 'line-style': 'dashed' } },
    ],
    layout: { name: 'grid' },
    wheelSensitivity: 0.3,
  });
  window.nodeflowView = { cy, state };
  cy.on('tap', 'node.switch', (e) => select(e.target.id().replace(/^sw:/, '')));

  // Topology snapshots may name ends in a few ways (dpid strings or numbers); normalise them.
  const dpidOf = (v) => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object') return dpidOf(v.dpid ?? v.dpidHex ?? v.switch);
    const s = String(v);
    return /^[0-9a-f]{16}$/i.test(s) ? s.toLowerCase() : /^\d+$/.test(s) ? BigInt(s).toString(16).padStart(16, '0') : s;
  };
  const portOf = (v) => (v && typeof v === 'object' ? (v.port_no ?? v.portNo ?? v.port) : undefined);

  function drawGraph() {
    const want = new Map();
    for (const sw of state.switches.values()) want.set(`sw:${sw.dpid}`, { group: 'nodes', data: { id: `sw:${sw.dpid}`, label: sw.dpid.replace(/^0+(?=.)/, '') }, classes: 'switch' });
    const t = state.topology;
    if (t) {
      for (const l of t.links || []) {
        const a = dpidOf(l.src ?? l.from ?? l.a), b = dpidOf(l.dst ?? l.to ?? l.b);
        if (!a || !b || !want.has(`sw:${a}`) || !want.has(`sw:${b}`)) continue;
        const [x, y] = [`${a}:${portOf(l.src ?? l.from ?? l.a)}`, `${b}:${portOf(l.dst ?? l.to ?? l.b)}`].sort();
        const id = `link:${x}-${y}`; // one edge for both directions
        want.set(id, { group: 'edges', data: { id, source: `sw:${a}`, target: `sw:${b}` } });
      }
      for (const h of t.hosts || []) {
        const mac = h.mac || h.hw_addr;
        const d = dpidOf(h.dpid ?? (h.location && h.location.dpid) ?? (h.port && typeof h.port === 'object' ? h.port.dpid : undefined));
        if (!mac || !d || !want.has(`sw:${d}`)) continue;
        const ip = (h.ipv4 && h.ipv4[0]) || (h.ips && h.ips[0]) || '';
        want.set(`host:${mac}`, { group: 'nodes', data: { id: `host:${mac}`, label: ip || mac }, classes: 'host' });
        want.set(`hl:${mac}`, { group: 'edges', data: { id: `hl:${mac}`, source: `host:${mac}`, target: `sw:${d}` } });
      }
    }
    let changed = false;
    cy.batch(() => {
      cy.elements().forEach((e) => {
        if (!want.has(e.id())) {
          e.remove();
          changed = true;
        }
      });
      for (const [id, def] of want) {
        if (cy.getElementById(id).empty()) {
          cy.add(def);
          changed = true;
        }
      }
      cy.nodes().removeClass('selected');
      if (state.selected) cy.getElementById(`sw:${state.selected}`).addClass('selected');
    });
    if (changed) cy.layout({ name: cy.edges().length ? 'cose' : 'grid', animate: false, padding: 20 }).run();
    $('#graph').setAttribute('data-nodes', String(cy.nodes('.switch').length));
    $('#graph').setAttribute('data-links', String(cy.edges().filter((e) => e.id().startsWith('link:')).length));
  }

  // ---------------------------------------------------------------- switch table
  function spark(dpid, cell) {
    const r = state.rates.get(dpid);
    let p = state.plots.get(dpid);
    if (!p || !cell.contains(p.root)) {
      if (p) p.destroy();
      cell.textContent = '';
      p = new uPlot({
        width: 140, height: 32, class: 'spark', legend: { show: false }, cursor: { show: false }, select: { show: false },
        axes: [{ show: false }, { show: false }], scales: { x: { time: false } },
        series: [{}, { stroke: '#2b6cb0', width: 1.5, fill: 'rgba(43,108,176,.12)' }],
      }, [r.t, r.rx], cell);
      state.plots.set(dpid, p);
    } else p.setData([r.t, r.rx]);
  }

  function drawTable() {
    const body = $('#switches tbody');
    const rows = new Map([...body.children].map((tr) => [tr.dataset.dpid, tr]));
    for (const [dpid, tr] of rows) {
      if (!state.switches.has(dpid)) {
        tr.remove();
        state.plots.get(dpid)?.destroy();
        state.plots.delete(dpid);
      }
    }
    for (const sw of state.switches.values()) {
      let tr = rows.get(sw.dpid);
      if (!tr) {
        tr = el('tr', { 'data-dpid': sw.dpid });
        for (let i = 0; i < 8; i++) tr.append(el('td'));
        tr.addEventListener('click', () => select(sw.dpid));
        body.append(tr);
      }
      const c = tr.children;
      const up = sw.ports.filter((p) => !p.down).length;
      const r = state.rates.get(sw.dpid);
      const n = r ? r.rx.length : 0;
      c[0].textContent = sw.dpid;
      c[1].textContent = sw.version;
      c[2].textContent = sw.address;
      c[3].textContent = `${up}/${sw.ports.length}`;
      c[3].setAttribute('data-ports-up', String(up));
      c[4].textContent = fmtUptime(sw.uptime_seconds);
      c[5].textContent = n ? fmtRate(r.rx[n - 1]) : '–';
      c[6].textContent = n ? fmtRate(r.tx[n - 1]) : '–';
      c[5].className = c[6].className = 'num';
      if (r && n > 1) spark(sw.dpid, c[7]);
      tr.classList.toggle('selected', state.selected === sw.dpid);
    }
    $('#no-switches').hidden = state.switches.size > 0;
    $('#summary').textContent = `${state.switches.size} switch${state.switches.size === 1 ? '' : 'es'}`;
  }

  // ---------------------------------------------------------------- details
  function drawPorts() {
    const sw = state.switches.get(state.selected);
    const body = $('#ports tbody');
    body.textContent = '';
    if (!sw) return;
    for (const p of sw.ports) {
      body.append(el('tr', { 'data-port': String(p.port_no), 'data-state': p.down ? 'down' : 'up' },
        el('td', {}, portName(p.port_no)), el('td', {}, p.name), el('td', {}, p.hw_addr),
        el('td', { class: p.down ? 'state-down' : 'state-up' }, p.down ? 'down' : 'up')));
    }
  }

  async function getJson(url) {
    const r = await fetch(url);
    const body = await r.json().catch(() => ({}));
    return { ok: r.ok, status: r.status, body };
  }

  async function loadDetails() {
    const dpid = state.selected;
    if (!dpid) return;
    const noStats = { ok: false, status: 501, body: { message: 'Live flow statistics need request/reply, which this controller does not have.' } };
    const [macs, flows] = await Promise.all([
      getJson(`/api/v1/switches/${dpid}/mac-table`),
      state.capabilities.stats ? getJson(`/api/v1/switches/${dpid}/flows`) : Promise.resolve(noStats),
    ]);
    if (dpid !== state.selected) return;
    const mb = $('#macs tbody');
    mb.textContent = '';
    if (macs.ok) {
      $('#mac-note').textContent = `${macs.body.size} learned (bound ${macs.body.max}, ${macs.body.evictions} evicted)${macs.body.truncated ? ', first entries shown' : ''}`;
      for (const e of macs.body.entries) mb.append(el('tr', {}, el('td', {}, e.mac), el('td', {}, portName(e.port))));
    } else $('#mac-note').textContent = macs.body.message || `HTTP ${macs.status}`;
    const fb = $('#flows tbody');
    fb.textContent = '';
    if (flows.ok) {
      const list = flows.body.flows;
      $('#flows-note').textContent = `${list.length} flow${list.length === 1 ? '' : 's'} (live flow statistics)`;
      list.sort((x, y) => x.table_id - y.table_id || y.priority - x.priority);
      for (const f of list) {
        fb.append(el('tr', {}, el('td', { class: 'num' }, String(f.table_id)), el('td', { class: 'num' }, String(f.priority)),
          el('td', {}, describeMatch(f.match)), el('td', {}, describeActions(f)),
          el('td', { class: 'num' }, String(f.packet_count)), el('td', { class: 'num' }, String(f.byte_count)),
          el('td', { class: 'num' }, `${f.duration_sec} s`)));
      }
    } else $('#flows-note').textContent = flows.body.message || `HTTP ${flows.status}`;
  }

  const describeMatch = (m) => {
    const parts = Object.entries(m || {}).map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? (v.value !== undefined ? `${v.value}/${v.mask}` : JSON.stringify(v)) : v}`);
    return parts.length ? parts.join(', ') : '(any)';
  };
  const describeActions = (f) => {
    const acts = f.actions || [];
    if (!acts.length) return (f.instructions || []).map((i) => i.type.replace(/^OFPIT_/, '').toLowerCase()).join(', ') || 'drop';
    return acts.map((a) => {
      const t = String(a.type).replace(/^OFPAT_/, '').toLowerCase();
      return a.port !== undefined ? `${t}:${String(a.port).replace(/^OFPP_/, '')}` : t;
    }).join(', ');
  };

  function select(dpid) {
    state.selected = dpid;
    $('#detail-panel').hidden = false;
    $('#detail-dpid').textContent = dpid;
    drawTable();
    drawGraph();
    drawPorts();
    loadDetails().catch((e) => { $('#flows-note').textContent = String(e); });
  }

  // ---------------------------------------------------------------- events
  function describe(e) {
    switch (e.kind) {
      case 'switch_up': return `switch ${e.dpid} up (OpenFlow ${e.version}, ${e.address})`;
      case 'switch_down': return `switch ${e.dpid} down: ${e.reason}`;
      case 'port': return `switch ${e.dpid} port ${portName(e.port)} (${e.name}) ${({ add: 'added, ', delete: 'deleted, ' })[e.reason] || ''}${e.down ? 'down' : 'up'}`;
      case 'error': return `switch ${e.dpid} error ${e.type} / ${e.code} (xid ${e.xid})`;
      case 'link_up': return `link ${e.src.dpid}:${e.src.port} - ${e.dst.dpid}:${e.dst.port} up`;
      case 'link_down': return `link ${e.src.dpid}:${e.src.port} - ${e.dst.dpid}:${e.dst.port} down (${e.reason})`;
      case 'host': return `host ${e.mac} ${e.change} at ${e.dpid}:${e.port}${e.reason ? ` (${e.reason})` : ''}`;
      default: return JSON.stringify(e);
    }
  }

  function logEvent(e) {
    const list = $('#events');
    const t = new Date(e.at).toLocaleTimeString();
    list.prepend(el('li', { class: `ev-${e.kind}`, 'data-kind': e.kind }, `${t} ${describe(e)}`));
    while (list.children.length > 300) list.lastChild.remove();
  }

  // ---------------------------------------------------------------- live stream
  function onSnapshot(snap) {
    const now = snap.at;
    const seen = new Set();
    for (const sw of snap.switches) {
      seen.add(sw.dpid);
      state.switches.set(sw.dpid, sw);
      const prev = state.last.get(sw.dpid);
      let r = state.rates.get(sw.dpid);
      if (!r) state.rates.set(sw.dpid, (r = { t: [], rx: [], tx: [] }));
      if (prev && now > prev.at) {
        const dt = (now - prev.at) / 1000;
        r.t.push(now / 1000);
        r.rx.push(Math.max(0, (sw.messages.received - prev.received) / dt));
        r.tx.push(Math.max(0, (sw.messages.sent - prev.sent) / dt));
        if (r.t.length > HISTORY) { r.t.shift(); r.rx.shift(); r.tx.shift(); }
      }
      state.last.set(sw.dpid, { at: now, received: sw.messages.received, sent: sw.messages.sent });
    }
    for (const dpid of [...state.switches.keys()]) {
      if (!seen.has(dpid)) {
        state.switches.delete(dpid);
        state.last.delete(dpid);
        state.rates.delete(dpid);
      }
    }
    state.topology = snap.topology;
    state.capabilities = snap.capabilities || state.capabilities;
    $('#topology-note').textContent = snap.topology ? `${(snap.topology.links || []).length} links, ${(snap.topology.hosts || []).length} hosts` : '(switches only: topology discovery is not running)';
    drawTable();
    drawGraph();
    if (state.selected) drawPorts();
  }

  function connect() {
    const es = new EventSource('/api/v1/events');
    const status = $('#status');
    es.onopen = () => { status.textContent = 'live'; status.dataset.state = 'live'; };
    es.onerror = () => { status.textContent = 'reconnecting…'; status.dataset.state = 'lost'; };
    es.addEventListener('switches', (m) => onSnapshot(JSON.parse(m.data)));
    es.addEventListener('net', (m) => {
      const e = JSON.parse(m.data);
      logEvent(e);
      if (e.kind === 'port' && e.dpid === state.selected) loadDetails().catch(() => {});
    });
  }
  connect();
})();
