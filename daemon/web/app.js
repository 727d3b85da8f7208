// provwatch's web page: one plain ES module, no framework, no build step.
// Views are hash routes (#/login, #/triage, #/cases, #/case/ID, #/case/ID/report,
// #/sources, #/rules, #/audit) drawn from the daemon's JSON API (README "HTTP API").
// Every change sends X-CSRF-Token; every failure is shown in the #errors banner,
// Vietnamese first or English when switched (the choice is kept in localStorage).
// DOM is built with h() from text nodes only: nothing the API returns is parsed as HTML.

// ---------------------------------------------------------------- language

/// Labels: key → [Vietnamese, English].
const L = {
  skip: ['Bỏ qua đến nội dung', 'Skip to content'],
  nav: ['Điều hướng', 'Navigation'],
  triage: ['Hàng chờ phân loại', 'Triage queue'],
  cases: ['Bảng hồ sơ', 'Case board'],
  sources: ['Nguồn tin', 'Sources'],
  rules: ['Thử quy tắc', 'Rule tester'],
  audit: ['Nhật ký', 'Audit log'],
  digest: ['Bản tin tuần', 'Weekly digest'],
  login: ['Đăng nhập', 'Log in'],
  logout: ['Đăng xuất', 'Log out'],
  user: ['Tên đăng nhập', 'User name'],
  password: ['Mật khẩu', 'Password'],
  switchLang: ['English', 'Tiếng Việt'],
  loading: ['Đang tải…', 'Loading…'],
  close: ['Đóng', 'Close'],
  dismissErr: ['Ẩn thông báo lỗi', 'Hide the error'],
  score: ['Điểm', 'Score'],
  noCandidates: ['Không còn tin nào chờ phân loại.', 'No candidate awaits triage.'],
  showAll: ['Hiện cả tin đã phân loại', 'Show triaged items too'],
  confirm: ['Xác nhận (x)', 'Confirm (x)'],
  dismiss: ['Loại (d)', 'Dismiss (d)'],
  reason: ['Lý do loại', 'Reason for dismissal'],
  reasonNeeded: ['Cần nêu lý do để loại.', 'A dismissal needs a reason.'],
  why: ['Vì sao có điểm này', 'Why this score'],
  rule: ['Quy tắc', 'Rule'],
  term: ['Từ ngữ', 'Words'],
  field: ['Vị trí', 'Field'],
  weight: ['Trọng số', 'Weight'],
  total: ['Tổng', 'Total'],
  cluster: ['Cụm tin', 'Story cluster'],
  outlets: ['Cơ quan báo chí', 'Outlets'],
  growth: ['Tăng trưởng theo giờ', 'Growth by hour'],
  items: ['Tin', 'Items'],
  spreading: ['đang lan rộng', 'spreading'],
  published: ['Đăng lúc', 'Published'],
  source: ['Nguồn', 'Source'],
  openLink: ['Mở bài gốc', 'Open the original'],
  caseOf: ['Hồ sơ', 'Case'],
  state: ['Trạng thái', 'State'],
  lead: ['Cơ quan chủ trì', 'Lead agency'],
  coordinating: ['Cơ quan phối hợp', 'Coordinating agencies'],
  deadlines: ['Thời hạn', 'Deadlines'],
  overdue: ['quá hạn', 'overdue'],
  met: ['đã xong', 'met'],
  due: ['hạn', 'due'],
  'initial-information': ['Thông tin ban đầu', 'Initial information'],
  dossierDue: ['Hồ sơ', 'Dossier'],
  severity: ['Mức độ', 'Severity'],
  high: ['cao', 'high'],
  medium: ['trung bình', 'medium'],
  secret: ['MẬT', 'SECRET'],
  topics: ['Chủ đề', 'Topics'],
  timeline: ['Diễn biến', 'Timeline'],
  dossier: ['Hồ sơ thông tin giải thích, làm rõ', 'Dossier of clarifying information'],
  save: ['Lưu', 'Save'],
  saved: ['Đã lưu.', 'Saved.'],
  evidence: ['Chứng cứ', 'Evidence'],
  addEvidence: ['Lưu làm chứng cứ', 'Archive as evidence'],
  measures: ['Biện pháp phản hồi', 'Response measures'],
  addMeasure: ['Ghi biện pháp', 'Record the measure'],
  kind: ['Loại', 'Kind'],
  date: ['Ngày', 'Date'],
  channel: ['Kênh', 'Channel'],
  link: ['Đường dẫn', 'Link'],
  language: ['Ngôn ngữ', 'Language'],
  notices: ['Văn bản thông báo kết quả', 'Written notices of the result'],
  agency: ['Cơ quan', 'Agency'],
  reference: ['Số văn bản', 'Document reference'],
  addNotice: ['Ghi văn bản thông báo', 'Record the notice'],
  actions: ['Thao tác', 'Actions'],
  report: ['Báo cáo UBND tỉnh', 'Report to the UBND tỉnh'],
  printReport: ['In báo cáo', 'Print the report'],
  reportLangNote: ['', 'The report is written in Vietnamese, as it is sent.'],
  back: ['Quay lại hồ sơ', 'Back to the case'],
  assign: ['Giao', 'Assign'],
  proposed: ['Đề xuất theo phân công', 'Proposed by the routing'],
  reopenReason: ['Lý do mở lại', 'Reason for reopening'],
  none: ['Chưa có.', 'None yet.'],
  health: ['Tình trạng', 'Health'],
  lastSuccess: ['Thành công cuối', 'Last success'],
  failures: ['Lỗi liên tiếp', 'Failures'],
  lastStatus: ['HTTP cuối', 'Last HTTP'],
  perDay: ['Tin/ngày', 'Items/day'],
  nextPoll: ['Lần đọc tới', 'Next poll'],
  lastError: ['Lỗi cuối', 'Last error'],
  h_ok: ['tốt', 'ok'], h_failing: ['đang lỗi', 'failing'], h_unhealthy: ['có vấn đề', 'unhealthy'],
  h_parked: ['tạm ngừng', 'parked'], h_never: ['chưa đọc', 'not polled'],
  text: ['Văn bản', 'Text'],
  url: ['hoặc địa chỉ URL', 'or a URL'],
  profile: ['Tỉnh', 'Profile'],
  test: ['Chấm điểm', 'Score it'],
  verdict: ['Kết luận', 'Verdict'],
  candidate: ['NGHI SAI LỆCH', 'SUSPECTED DISTORTION'],
  notCandidate: ['không đáng ngờ', 'not a candidate'],
  marked: ['Văn bản có đánh dấu', 'Text with the matches marked'],
  chainOk: ['Chuỗi băm toàn vẹn.', 'The hash chain is intact.'],
  chainBad: ['Chuỗi băm bị phá vỡ: ', 'The hash chain is broken: '],
  who: ['Người thực hiện', 'By'],
  when: ['Lúc', 'When'],
  detail: ['Chi tiết', 'Detail'],
  helpTitle: ['Phím tắt', 'Keyboard shortcuts'],
  k_j: ['tin tiếp theo', 'next item'],
  k_k: ['tin trước', 'previous item'],
  k_x: ['xác nhận tin đang chọn', 'confirm the selected item'],
  k_d: ['loại tin đang chọn (cần lý do)', 'dismiss the selected item (needs a reason)'],
  k_help: ['hiện trợ giúp này', 'show this help'],
  confirmed: ['Đã xác nhận.', 'Confirmed.'],
  dismissed: ['Đã loại.', 'Dismissed.'],
  done: ['Đã thực hiện.', 'Done.'],
  noCase: ['Tin này chưa có hồ sơ.', 'This item has no case yet.'],
  notFound: ['Không tìm thấy trang.', 'No such page.'],
  netError: ['Không kết nối được máy chủ', 'Cannot reach the server'],
  forbidden: ['Vai trò của bạn không xem được trang này.', 'Your role cannot see this page.'],
};

/// Case states in workflow order (workflow/case_state.cc), and the actions that move them.
const STATES = ['detected', 'confirmed', 'reported', 'assigned', 'dossier', 'responding', 'clarified', 'closed'];
const STATE_LABEL = {
  detected: ['phát hiện', 'detected'], confirmed: ['xác nhận', 'confirmed'], dismissed: ['loại', 'dismissed'],
  reported: ['báo cáo', 'reported'], assigned: ['giao', 'assigned'], dossier: ['hồ sơ', 'dossier'],
  responding: ['phản hồi', 'responding'], clarified: ['đã làm rõ', 'clarified'], closed: ['đóng', 'closed'],
};
/// The sections of Circular 02/2019/TT-BTTTT Art. 6 (workflow/case.h DossierSection).
const SECTIONS = [
  ['false-content', 'Nội dung sai lệch và cách lan truyền', 'The false content and how it spread'],
  ['impact', 'Tác động, ảnh hưởng', 'Its impact'],
  ['true-facts', 'Thông tin đúng', 'The true facts'],
  ['legal-basis', 'Căn cứ pháp lý và tiền lệ', 'Legal basis and precedents'],
  ['messaging', 'Thông điệp đề xuất', 'Proposed messaging'],
];
/// Response measures (README "[workflow]" measures); a profile may offer fewer.
const MEASURES = {
  'press-release': ['Thông cáo báo chí', 'Press release'],
  'spokesperson-statement': ['Phát ngôn của người phát ngôn', 'Spokesperson statement'],
  'press-briefing': ['Giao ban báo chí', 'Press briefing'],
  'press-conference': ['Họp báo', 'Press conference'],
  'portal-post-vi': ['Bài trên cổng thông tin (tiếng Việt)', 'Portal post (Vietnamese)'],
  'portal-post-foreign': ['Bài trên cổng thông tin (tiếng nước ngoài)', 'Portal post (foreign language)'],
  'press-information': ['Cung cấp thông tin cho báo chí', 'Information to the press'],
  'correction-request': ['Yêu cầu cải chính', 'Correction request'],
  'border-outreach': ['Thông tin cho lực lượng và nhân dân biên giới', 'Border outreach'],
};
/// Case actions offered as buttons: kind → [vi, en, roles that may, states it applies in].
const MOVES = {
  confirm: ['Xác nhận', 'Confirm', ['monitor', 'leader', 'admin'], ['detected']],
  report: ['Báo cáo UBND tỉnh', 'Report to the UBND tỉnh', ['monitor', 'leader', 'admin'], ['confirmed']],
  dossier: ['Bắt đầu hồ sơ', 'Start the dossier', ['agency', 'admin'], ['assigned']],
  respond: ['Phản hồi', 'Responding', ['agency', 'admin'], ['dossier']],
  clarify: ['Đã làm rõ', 'Clarified', ['agency', 'admin'], ['responding']],
  close: ['Đóng hồ sơ', 'Close the case', ['leader', 'admin'], ['clarified']],
};
/// Every action's name in the history (workflow ActionName).
const ACTIONS = {
  detect: ['phát hiện', 'detected'], 'add-item': ['thêm tin', 'item added'], confirm: ['xác nhận', 'confirm'],
  dismiss: ['loại', 'dismiss'], report: ['báo cáo', 'report'], assign: ['giao', 'assign'], dossier: ['lập hồ sơ', 'dossier started'],
  respond: ['phản hồi', 'respond'], clarify: ['làm rõ', 'clarify'], close: ['đóng', 'close'], reopen: ['mở lại', 'reopen'],
  measure: ['biện pháp', 'measure'], notify: ['thông báo kết quả', 'notice'], 'edit-dossier': ['sửa hồ sơ', 'dossier edited'],
  'add-evidence': ['thêm chứng cứ', 'evidence added'], 'mark-secret': ['đánh dấu mật', 'marked secret'],
};
const actionLabel = (k) => (ACTIONS[k] ? pick(ACTIONS[k]) : k);
const PROVINCES = { 'lai-chau': 'Lai Châu', 'bac-kan': 'Bắc Kạn', 'phu-tho': 'Phú Thọ', 'soc-trang': 'Sóc Trăng', 'vinh-long': 'Vĩnh Long' };

let lang = localStorage.getItem('pw_lang') === 'en' ? 'en' : 'vi';
const t = (key) => (L[key] ? L[key][lang === 'en' ? 1 : 0] : key);
const pick = (pair) => pair[lang === 'en' ? 1 : 0];
/// The half of a "Vietnamese / English" message for the current language.
const half = (msg) => {
  const s = String(msg ?? '');
  const i = s.indexOf(' / ');
  if (i < 0) return s;
  return lang === 'en' ? s.slice(i + 3) : s.slice(0, i);
};

// ---------------------------------------------------------------- DOM helpers

/// h('tag.class#id', {attrs, on*: handler}, ...children): an element from text only.
function h(spec, attrs, ...kids) {
  const [, tag, rest] = /^([a-z0-9]+)(.*)$/i.exec(spec);
  const el = document.createElement(tag);
  for (const m of rest.matchAll(/([.#])([\w-]+)/g)) {
    if (m[1] === '.') el.classList.add(m[2]); else el.id = m[2];
  }
  if (attrs !== undefined && attrs !== null && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    kids.unshift(attrs); attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, kids);
  return el;
}
function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === undefined || k === null || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}
const $ = (sel, root = document) => root.querySelector(sel);
const view = () => $('#view');
function render(...kids) {
  const v = view();
  v.replaceChildren();
  append(v, kids);
}
function say(msg) { $('#status').textContent = msg; }

/// A labelled form control: label + input/select/textarea with a generated id.
let idSeq = 0;
function field(labelText, control) {
  control.id ||= `f${++idSeq}`;
  return h('div.field', h('label', { for: control.id }, labelText), control);
}

const TZ = 'Asia/Ho_Chi_Minh';
/// A time (Unix seconds or ISO 8601) in the province's time.
function fmtTime(v, dateOnly = false) {
  if (v === null || v === undefined || v === '' || v === 0) return '—';
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  const opts = dateOnly ? { dateStyle: 'short', timeZone: TZ } : { dateStyle: 'short', timeStyle: 'short', timeZone: TZ };
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', opts);
}
const toSeconds = (v) => (typeof v === 'number' ? v : Date.parse(v) / 1000);
const stateLabel = (s) => (STATE_LABEL[s] ? pick(STATE_LABEL[s]) : s);

// ---------------------------------------------------------------- errors and API

/// Thrown when an answer arrives for a page the user has already left.
class Stale extends Error {}
/// Counts navigations: an answer for an older one is not drawn over the new page.
let gen = 0;

/// Shows an error in the banner (never silently); `err` is an Error or text.
function showError(err) {
  if (err instanceof Stale) return;
  const box = $('#errors');
  const text = half(err && err.message !== undefined ? err.message : err);
  const row = h('div.error', h('span', text),
    h('button.link', { type: 'button', 'aria-label': t('dismissErr'), onclick: () => row.remove() }, '×'));
  box.append(row);
  console.warn('provwatch:', text);
}
function clearErrors() { $('#errors').replaceChildren(); }

class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
  }
}

const session = { user: null, csrf: '' };

/// Calls the API: JSON in and out, the CSRF token on every change. A 401 sends
/// the user to the login page (except for the login call itself).
async function api(method, path, body) {
  const started = gen;
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (session.csrf) headers['X-CSRF-Token'] = session.csrf;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new Error(`${L.netError[0]} / ${L.netError[1]} (${e.message})`);
  }
  let data = null;
  const text = await res.text();
  if (started !== gen && method === 'GET') throw new Stale();
  if (text) {
    try { data = JSON.parse(text); } catch { data = { error: text.slice(0, 300) }; }
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/login' && path !== '/api/me') {
      session.user = null;
      location.hash = '#/login';
    }
    throw new ApiError(res.status, data);
  }
  return data;
}
/// Runs a case action; returns the case.act answer.
const act = (id, action) => api('POST', `/api/cases/${encodeURIComponent(id)}/actions`, action);

// ---------------------------------------------------------------- highlighting

const enc = new TextEncoder();
const dec = new TextDecoder();
/// The text with the byte spans [start, end) of `spans` marked; weight-0 spans
/// (repeats, negated, place names) marked faintly. Overlapping spans are merged by first start.
function marked(text, spans) {
  const bytes = enc.encode(text || '');
  const out = document.createDocumentFragment();
  let at = 0;
  const sorted = [...spans].filter((s) => s.start >= 0 && s.end <= bytes.length && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  for (const s of sorted) {
    if (s.start < at) continue;
    out.append(dec.decode(bytes.subarray(at, s.start)));
    const w = Number(s.weight || 0);
    out.append(h(w > 0 ? 'mark' : 'mark.faint', { title: `${s.rule || ''} ${w > 0 ? '+' : ''}${w}` }, dec.decode(bytes.subarray(s.start, s.end))));
    at = s.end;
  }
  out.append(dec.decode(bytes.subarray(at)));
  return out;
}
const inField = (matches, names) => (matches || []).filter((m) => names.includes(m.field));

/// The score as the sum of its points, one row a match.
function pointsTable(matches, score) {
  const rows = (matches || []).map((m) => h('tr', { class: Number(m.weight) > 0 ? '' : 'zero' },
    h('td', m.rule), h('td', m.term), h('td', m.field), h('td.num', fmtWeight(m.weight))));
  return h('table.points', h('caption', t('why')),
    h('thead', h('tr', h('th', { scope: 'col' }, t('rule')), h('th', { scope: 'col' }, t('term')),
      h('th', { scope: 'col' }, t('field')), h('th.num', { scope: 'col' }, t('weight')))),
    h('tbody', rows),
    h('tfoot', h('tr', h('th', { scope: 'row', colspan: 3 }, t('total')), h('td.num', fmtWeight(score)))));
}
const fmtWeight = (w) => { const n = Number(w || 0); return (n > 0 ? '+' : '') + (Math.round(n * 100) / 100); };

/// Hourly growth as inline SVG bars.
function growthChart(growth) {
  const data = (growth || []).slice(-48);
  if (!data.length) return h('p.muted', t('none'));
  const max = Math.max(1, ...data.map((g) => g.items));
  const W = 8, H = 40;
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', `0 0 ${data.length * W} ${H}`);
  svg.setAttribute('class', 'growth');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${t('growth')}: ${data.map((g) => g.items).join(', ')}`);
  data.forEach((g, i) => {
    const r = document.createElementNS(NS, 'rect');
    const bh = Math.max(1, Math.round((g.items / max) * (H - 2)));
    r.setAttribute('x', i * W + 1); r.setAttribute('y', H - bh); r.setAttribute('width', W - 2); r.setAttribute('height', bh);
    const tip = document.createElementNS(NS, 'title');
    tip.textContent = `${fmtTime(g.hour)}: ${g.items}`;
    r.append(tip);
    svg.append(r);
  });
  return svg;
}

// ---------------------------------------------------------------- chrome

const NAV = [
  ['triage', '#/triage', ['monitor', 'leader', 'admin']],
  ['cases', '#/cases', ['monitor', 'agency', 'leader', 'admin', 'auditor']],
  ['sources', '#/sources', ['monitor', 'leader', 'admin']],
  ['rules', '#/rules', ['monitor', 'leader', 'admin']],
  ['audit', '#/audit', ['auditor', 'admin']],
  ['digest', '/digest', ['monitor', 'leader', 'admin', 'auditor']],
];

function drawChrome() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  const langBtn = $('#lang');
  langBtn.textContent = t('switchLang');
  langBtn.setAttribute('aria-label', lang === 'en' ? 'Chuyển sang tiếng Việt' : 'Switch to English');
  langBtn.lang = lang === 'en' ? 'vi' : 'en';
  const nav = $('#nav');
  nav.setAttribute('aria-label', t('nav'));
  const u = session.user;
  nav.hidden = !u;
  $('#logout').hidden = !u;
  $('#logout').textContent = t('logout');
  $('#who').textContent = u ? `${u.name} · ${u.role}${u.agency ? ' · ' + agencyName(u.agency) : ''}` : '';
  if (!u) { nav.replaceChildren(); return; }
  const current = location.hash.split('/')[1] || '';
  nav.replaceChildren(...NAV.filter(([, , roles]) => roles.includes(u.role)).map(([key, href]) =>
    h('a', { href, 'aria-current': current === key || (key === 'cases' && current === 'case') ? 'page' : null }, t(key))));
}

function drawHelp() {
  const d = $('#help');
  d.replaceChildren(h('h2#help-title', t('helpTitle')),
    h('dl.keys', [['j', 'k_j'], ['k', 'k_k'], ['x', 'k_x'], ['d', 'k_d'], ['?', 'k_help']]
      .map(([k, label]) => [h('dt', h('kbd', k)), h('dd', t(label))])),
    h('button', { type: 'button', onclick: () => d.close() }, t('close')));
}

// ---------------------------------------------------------------- views

async function viewLogin() {
  const user = h('input', { name: 'user', autocomplete: 'username', required: true });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form.login', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      clearErrors();
      try {
        const r = await api('POST', '/api/login', { user: user.value, password: pass.value });
        session.user = r.user; session.csrf = r.csrf;
        location.hash = home();
      } catch (e) {
        if (e.status === 401) showError(`Sai tên đăng nhập hoặc mật khẩu / Wrong user name or password`);
        else showError(e);
        pass.select();
      }
    },
  }, h('h1', t('login')), field(t('user'), user), field(t('password'), pass), h('button', { type: 'submit' }, t('login')));
  render(form);
  user.focus();
}

/// Roles that read items, clusters and sources (an agency member works its cases only).
const readsData = () => ['monitor', 'leader', 'admin'].includes(session.user && session.user.role);
const home = () => (!session.user ? '#/login' : ['agency', 'auditor'].includes(session.user.role) ? '#/cases' : '#/triage');

// --- triage queue

const triage = { items: [], cases: [], sel: 0, showAll: false };

/// The case that holds `item` (by item key, else by cluster).
function caseOfItem(item, cases) {
  return cases.find((c) => (c.item_keys || []).includes(item.key)) ||
    cases.find((c) => item.cluster_id && c.cluster_id === item.cluster_id);
}

async function viewTriage() {
  render(h('p.muted', t('loading')));
  const [items, cases] = await Promise.all([
    api('GET', '/api/items?candidate=1&limit=50'),
    api('GET', '/api/cases'),
  ]);
  triage.cases = cases.cases || [];
  triage.items = (items.items || []).filter((it) => {
    if (triage.showAll) return true;
    const c = caseOfItem(it, triage.cases);
    return !c || c.state === 'detected';
  });
  triage.sel = Math.min(triage.sel, Math.max(0, triage.items.length - 1));
  drawTriage();
}

function drawTriage() {
  const all = h('input', { type: 'checkbox', checked: triage.showAll, onchange: (e) => { triage.showAll = e.target.checked; viewTriage().catch(showError); } });
  all.id = 'show-all';
  const list = h('ol.queue', { 'aria-label': t('triage') }, triage.items.map((it, i) => {
    const c = caseOfItem(it, triage.cases);
    return h('li', { class: i === triage.sel ? 'sel' : '', 'aria-current': i === triage.sel ? 'true' : null },
      h('button.row', { type: 'button', 'data-key': it.key, onclick: () => select(i) },
        h('span.score', String(fmtWeight(it.score))),
        h('span.title', it.title),
        h('span.meta', `${it.source} · ${fmtTime(it.published || it.fetched)}${c ? ' · ' + stateLabel(c.state) : ''}`)));
  }));
  render(h('h1', t('triage')),
    h('div.toolbar', all, h('label', { for: 'show-all' }, t('showAll')),
      h('button.link', { type: 'button', onclick: () => $('#help').showModal() }, '? ' + t('helpTitle'))),
    triage.items.length ? h('div.triage', list, h('section#detail.detail', { 'aria-live': 'polite' })) : h('p', t('noCandidates')));
  if (triage.items.length) drawDetail().catch(showError);
}

function select(i) {
  if (!triage.items.length) return;
  triage.sel = Math.max(0, Math.min(triage.items.length - 1, i));
  document.querySelectorAll('.queue li').forEach((li, j) => {
    li.classList.toggle('sel', j === triage.sel);
    if (j === triage.sel) { li.setAttribute('aria-current', 'true'); li.scrollIntoView({ block: 'nearest' }); } else li.removeAttribute('aria-current');
  });
  drawDetail().catch(showError);
}

async function drawDetail() {
  const it = triage.items[triage.sel];
  const box = $('#detail');
  if (!it || !box) return;
  const c = caseOfItem(it, triage.cases);
  const reason = h('input#reason', { name: 'reason', autocomplete: 'off', onkeydown: (e) => { if (e.key === 'Enter') { e.preventDefault(); decide('dismiss'); } } });
  const matches = it.matches || [];
  box.replaceChildren(
    h('h2', marked(it.title, inField(matches, ['title']))),
    h('p.meta', `${t('source')}: ${it.source} · ${t('published')}: ${fmtTime(it.published)} · `,
      it.link ? h('a', { href: it.link, rel: 'noopener noreferrer', target: '_blank' }, t('openLink')) : null),
    h('p.text', marked(it.summary, inField(matches, ['summary', 'text', 'body']))),
    h('p', h('strong', `${t('score')}: ${fmtWeight(it.score)}`), (it.topics || []).length ? ` · ${t('topics')}: ${(it.topics || []).map((x) => x.topic || x.rule || x).join(', ')}` : ''),
    pointsTable(matches, it.score),
    h('section.cluster', h('h3', t('cluster')), h('p.muted', t('loading'))),
    c ? h('form.decide', { 'data-case': c.id, onsubmit: (e) => e.preventDefault() },
      h('p', `${t('caseOf')} ${c.id} · ${stateLabel(c.state)}`),
      h('button.primary#confirm', { type: 'button', onclick: () => decide('confirm') }, t('confirm')),
      field(t('reason'), reason),
      h('button#dismiss', { type: 'button', onclick: () => decide('dismiss') }, t('dismiss')))
      : h('p.muted', t('noCase')));
  if (it.cluster_id) {
    const cl = await api('GET', `/api/clusters/${encodeURIComponent(it.cluster_id)}`);
    const sec = $('.cluster', box);
    if (sec && triage.items[triage.sel] === it) {
      const k = cl.cluster || cl;
      // The cluster's items: "items" (a list; "item_count" the count) or "item_list".
      const list = Array.isArray(k.items) ? k.items : k.item_list || [];
      const count = k.item_count ?? (Array.isArray(k.items) ? k.items.length : k.items);
      sec.replaceChildren(h('h3', `${t('cluster')}: ${k.title || k.id}`),
        h('p', `${t('items')}: ${count} · ${t('outlets')}: ${(k.outlets || []).length}`, k.spreading ? h('strong.warn', ` · ${t('spreading')}`) : ''),
        h('ul.outlets', (k.outlets || []).map((o) => h('li', typeof o === 'string' ? o : o.name || o.source || JSON.stringify(o)))),
        list.length ? h('ul.small', list.slice(0, 10).map((i) => h('li', `${fmtTime(i.published)} · ${i.source} · ${i.title}`))) : null,
        h('h4', t('growth')), growthChart(k.growth));
    }
  } else {
    $('.cluster', box)?.remove();
  }
}

/// Confirms or dismisses the selected item's case in one action, then moves on.
async function decide(kind) {
  const it = triage.items[triage.sel];
  if (!it) return;
  const c = caseOfItem(it, triage.cases);
  if (!c) { showError(`${L.noCase[0]} / ${L.noCase[1]}`); return; }
  const action = { kind };
  if (kind === 'dismiss') {
    const r = $('#reason');
    if (!r.value.trim()) { showError(`${L.reasonNeeded[0]} / ${L.reasonNeeded[1]}`); r.focus(); return; }
    action.reason = r.value.trim();
  }
  clearErrors();
  try {
    await act(c.id, action);
    say(t(kind === 'confirm' ? 'confirmed' : 'dismissed'));
    await viewTriage();
    $('.queue li.sel button')?.focus();
  } catch (e) { showError(e); }
}

/// j/k/x/d/? on the triage queue (not while typing in a field).
function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
  if (e.key === 'Escape' && typing) { e.target.blur(); return; }
  if (typing) return;
  if (e.key === '?') { e.preventDefault(); $('#help').showModal(); return; }
  if (route().name !== 'triage' || $('#help').open) return;
  if (e.key === 'j') { e.preventDefault(); select(triage.sel + 1); }
  else if (e.key === 'k') { e.preventDefault(); select(triage.sel - 1); }
  else if (e.key === 'x') { e.preventDefault(); decide('confirm'); }
  else if (e.key === 'd') {
    e.preventDefault();
    const r = $('#reason');
    if (r && !r.value.trim()) r.focus(); else decide('dismiss');
  }
}

// --- case board

/// Deadlines of a case as the server computes them (its profile's deadlines
/// on its working-day calendar, holidays included): [{what, due, met, overdue}].
function deadlinesOf(c, answer) {
  const given = (answer && answer.deadlines) || c.deadlines;
  return Array.isArray(given) ? given : [];
}
const isOverdue = (c, answer) => c.overdue === true || deadlinesOf(c, answer).some((d) => d.overdue);

function deadlineList(list) {
  if (!list.length) return null;
  return h('ul.deadlines', list.map((d) => h('li', { class: d.overdue ? 'overdue' : d.met ? 'met' : '' },
    `${d.what === 'dossier' ? t('dossierDue') : t(d.what)}: ${t('due')} ${fmtTime(d.due)}`,
    d.overdue ? h('strong', ` — ${t('overdue')}`) : d.met ? ` — ${t('met')}` : '')));
}

/// Agency id -> the name an officer reads (the profile's [workflow] agencies,
/// GET /api/agencies); loaded once a session, null until then.
let agencyNames = null;
async function loadAgencyNames() {
  if (agencyNames || !session.user) return;
  const r = await api('GET', '/api/agencies');
  agencyNames = new Map((r.agencies || []).map((a) => [a.id, a.name]));
}
/// An agency's name, or its id when the profile does not name it.
const agencyName = (id) => (agencyNames && agencyNames.get(id)) || id;
// An event's detail as recorded ("lead=bien-phong coordinating=cong-an", "cong-an CV-12"), with
// the agencies named and the field names in the page's language.
const namedDetail = (detail) => {
  const assign = /^lead=(\S+)((?: coordinating=\S+)*)$/.exec(detail);
  if (!assign) return detail.replace(/(^|\s)([a-z0-9]+(?:-[a-z0-9]+)*)(?=\s|$)/g, (m, pre, w) => pre + agencyName(w));
  const coordinating = assign[2].split(' coordinating=').filter(Boolean).map(agencyName);
  return `${t('lead')}: ${agencyName(assign[1])}` + (coordinating.length ? `; ${t('coordinating')}: ${coordinating.join(', ')}` : '');
};
/// An agency by name, its id as the tooltip.
const agencyEl = (id) => h('span.agency', { title: id, 'data-agency': id }, agencyName(id));
/// Agencies by name, comma-separated; '—' for none.
const agencyList = (ids) => ((ids || []).length ? ids.map((id, n) => [n ? ', ' : '', agencyEl(id)]) : '—');

let clusterTitles = new Map();
async function loadClusterTitles() {
  if (!readsData()) return;
  try {
    const r = await api('GET', '/api/clusters');
    const rows = Array.isArray(r) ? r : r.clusters || r.rows || [];
    clusterTitles = new Map(rows.map((k) => [k.id, k.title]));
  } catch (e) {
    if (e.status !== 403) throw e; // an agency member may not read clusters: titles stay ids
  }
}

async function viewCases() {
  render(h('p.muted', t('loading')));
  const [r] = await Promise.all([api('GET', '/api/cases'), loadClusterTitles()]);
  const cases = r.cases || [];
  const column = (state, list) => h('section.column', { 'aria-labelledby': `col-${state}` },
    h('h2', { id: `col-${state}` }, `${stateLabel(state)} (${list.length})`),
    h('ul', list.map((c) => {
      const late = isOverdue(c);
      return h('li.card', { class: late ? 'card late' : 'card', 'data-case': c.id },
        h('a', { href: `#/case/${encodeURIComponent(c.id)}` }, clusterTitles.get(c.cluster_id) || c.id),
        h('div.meta', c.id, c.secret ? h('span.badge.secret', t('secret')) : '', c.severity === 'high' ? h('span.badge.high', t('high')) : ''),
        c.lead_agency ? h('div.meta', `${t('lead')}: `, agencyEl(c.lead_agency)) : '',
        late ? h('div.overdue', t('overdue')) : '',
        deadlineList(deadlinesOf(c).filter((d) => !d.met)));
    })));
  const dismissed = cases.filter((c) => c.state === 'dismissed');
  render(h('h1', t('cases')),
    h('div.board', STATES.map((s) => column(s, cases.filter((c) => c.state === s)))),
    dismissed.length ? h('details.dismissed', h('summary', `${stateLabel('dismissed')} (${dismissed.length})`),
      h('ul', dismissed.map((c) => h('li', h('a', { href: `#/case/${encodeURIComponent(c.id)}` }, clusterTitles.get(c.cluster_id) || c.id), ` — ${c.dismiss_reason || ''}`)))) : null);
}

// --- case page

async function loadCase(id) {
  const answer = await api('GET', `/api/cases/${encodeURIComponent(id)}`);
  const c = answer.case;
  const items = await Promise.all((c.item_keys || []).slice(0, 20).map((k) => !readsData() ? { key: k } :
    api('GET', `/api/items/${encodeURIComponent(k)}`).then((r) => r.item || r).catch((e) => {
      if (e.status === 403 || e.status === 404) return { key: k, title: k };
      throw e;
    })));
  return { answer, c, items };
}

async function viewCase(id) {
  render(h('p.muted', t('loading')));
  const { answer, c, items } = await loadCase(id);
  const role = session.user.role;
  const refresh = () => viewCase(id).catch(showError);
  const run = async (action, okMsg) => {
    clearErrors();
    try { await act(c.id, action); say(okMsg || t('done')); await refresh(); } catch (e) { showError(e); }
  };

  // Actions that move the case on.
  const moves = Object.entries(MOVES).filter(([, m]) => m[2].includes(role) && m[3].includes(c.state))
    .map(([kind, m]) => h('button.primary', { type: 'button', 'data-action': kind, onclick: () => run({ kind }) }, pick(m)));
  const forms = [];
  if (['monitor', 'leader', 'admin'].includes(role) && ['detected', 'confirmed', 'reported'].includes(c.state)) {
    const reason = h('input', { name: 'dismiss-reason' });
    forms.push(h('form.inline', { 'data-form': 'dismiss', onsubmit: (e) => { e.preventDefault(); run({ kind: 'dismiss', reason: reason.value }); } },
      field(t('reason'), reason), h('button', { type: 'submit' }, pick(['Loại', 'Dismiss']))));
  }
  if (['monitor', 'leader', 'admin'].includes(role) && c.state === 'reported') {
    const p = answer.proposed_assignment || {};
    // The fields take agency ids (the list offers each with its name); the proposal is shown by name.
    const lead = h('input', { name: 'lead', value: p.lead || '', list: 'agency-ids' });
    const coord = h('input', { name: 'coordinating', value: (p.coordinating || []).join(', ') });
    const ids = h('datalist#agency-ids', [...(agencyNames || new Map())].map(([id, name]) => h('option', { value: id, label: name })));
    forms.push(h('form.inline', { 'data-form': 'assign', onsubmit: (e) => {
      e.preventDefault();
      run({ kind: 'assign', lead: lead.value.trim(), coordinating: coord.value.split(',').map((s) => s.trim()).filter(Boolean) });
    } }, field(t('lead'), lead), field(t('coordinating'), coord), ids, h('button.primary', { type: 'submit' }, t('assign')),
    p.lead ? h('p.muted.proposal', `${t('proposed')}: ${t('lead')} `, agencyEl(p.lead),
      (p.coordinating || []).length ? [` · ${t('coordinating')} `, agencyList(p.coordinating)] : '') : null,
    p.why ? h('p.muted', `${t('proposed')}: ${p.why}`) : null));
  }
  if (['leader', 'admin'].includes(role) && ['closed', 'dismissed'].includes(c.state)) {
    const reason = h('input', { name: 'reopen-reason' });
    forms.push(h('form.inline', { 'data-form': 'reopen', onsubmit: (e) => { e.preventDefault(); run({ kind: 'reopen', reason: reason.value }); } },
      field(t('reopenReason'), reason), h('button', { type: 'submit' }, pick(['Mở lại', 'Reopen']))));
  }
  if (['leader', 'admin'].includes(role) && session.user.cleared && !c.secret) {
    moves.push(h('button', { type: 'button', 'data-action': 'mark-secret', onclick: () => run({ kind: 'mark-secret' }) }, pick(['Đánh dấu MẬT', 'Mark SECRET'])));
  }

  const dossierOpen = ['assigned', 'dossier', 'responding'].includes(c.state);
  const sections = (c.dossier && c.dossier.sections) || {};
  const dossier = h('section.dossier', h('h2', t('dossier')), h('p.muted', 'Thông tư 02/2019/TT-BTTTT, Điều 6'),
    SECTIONS.map(([key, vi, en]) => {
      const area = h('textarea', { name: key, rows: 4, readonly: !dossierOpen }, sections[key] || '');
      return h('form.section', { 'data-section': key, onsubmit: (e) => { e.preventDefault(); run({ kind: 'edit-dossier', section: key, text: area.value }, t('saved')); } },
        field(lang === 'en' ? en : vi, area), dossierOpen ? h('button', { type: 'submit' }, t('save')) : null);
    }));

  const evidence = (c.dossier && c.dossier.evidence) || [];
  const evSel = h('select', { name: 'evidence_item' }, items.filter((i) => !evidence.some((e) => e.item_key === i.key)).map((i) => h('option', { value: i.key }, i.title || i.key)));
  const evidenceSec = h('section', h('h2', t('evidence')),
    evidence.length ? h('ul', evidence.map((e) => h('li', `${e.title || e.item_key} — SHA-256 `, h('code', e.sha256), ` · ${fmtTime(e.added_at)}`))) : h('p.muted', t('none')),
    dossierOpen && evSel.options.length ? h('form.inline', { 'data-form': 'evidence', onsubmit: (e) => { e.preventDefault(); run({ kind: 'add-evidence', evidence_item: evSel.value }); } },
      field(t('items'), evSel), h('button', { type: 'submit' }, t('addEvidence'))) : null);

  const measures = c.measures || [];
  const mKind = h('select', { name: 'measure-kind' }, Object.entries(MEASURES).map(([k, v]) => h('option', { value: k }, pick(v))));
  const mDate = h('input', { name: 'measure-date', type: 'date', value: new Date(Date.now() + 7 * 3600e3).toISOString().slice(0, 10), required: true });
  const mChannel = h('input', { name: 'measure-channel' });
  const mLink = h('input', { name: 'measure-link', type: 'url' });
  const mLang = h('input', { name: 'measure-lang', value: 'vi', size: 3 });
  const measuresSec = h('section', h('h2', t('measures')),
    measures.length ? h('ul', measures.map((m) => h('li', `${fmtTime(m.date, true)} · ${MEASURES[m.kind] ? pick(MEASURES[m.kind]) : m.kind}`,
      m.channel ? ` · ${m.channel}` : '', m.link ? [' · ', h('a', { href: m.link, rel: 'noopener noreferrer' }, m.link)] : '', m.language ? ` (${m.language})` : ''))) : h('p.muted', t('none')),
    ['dossier', 'responding', 'clarified'].includes(c.state) && role !== 'auditor' ? h('form.inline', { 'data-form': 'measure', onsubmit: (e) => {
      e.preventDefault();
      run({ kind: 'measure', measure: { kind: mKind.value, date: Math.floor(Date.parse(`${mDate.value}T00:00:00+07:00`) / 1000), channel: mChannel.value, link: mLink.value, language: mLang.value } });
    } }, field(t('kind'), mKind), field(t('date'), mDate), field(t('channel'), mChannel), field(t('link'), mLink), field(t('language'), mLang),
    h('button', { type: 'submit' }, t('addMeasure'))) : null);

  const notices = c.notices || [];
  const nAgency = h('select', { name: 'notice-agency' }, (c.coordinating || []).map((a) => h('option', { value: a, title: a }, agencyName(a))));
  const nRef = h('input', { name: 'notice-reference', placeholder: '123/STTTT-TTBC' });
  const noticesSec = h('section', h('h2', t('notices')),
    notices.length ? h('ul', notices.map((n) => h('li', agencyEl(n.agency), ` · ${n.reference} · ${fmtTime(n.at)}`))) : h('p.muted', t('none')),
    c.state === 'clarified' && (c.coordinating || []).length && ['agency', 'leader', 'admin'].includes(role) ? h('form.inline', { 'data-form': 'notice', onsubmit: (e) => {
      e.preventDefault(); run({ kind: 'notify', notice: { agency: nAgency.value, reference: nRef.value.trim() } });
    } }, field(t('agency'), nAgency), field(t('reference'), nRef), h('button', { type: 'submit' }, t('addNotice'))) : null);

  const history = answer.history || [];
  const timeline = h('section', h('h2', t('timeline')), h('ol.timeline', history.map((e) => h('li',
    h('time', fmtTime(e.at)), ' ', h('strong', actionLabel(e.kind)),
    e.from !== e.to ? ` (${stateLabel(e.from)} → ${stateLabel(e.to)})` : '', ` · ${e.user} (${e.role})`, e.detail ? h('div.muted', namedDetail(e.detail)) : null))));

  render(
    h('p.crumbs', h('a', { href: '#/cases' }, t('cases'))),
    h('h1', clusterTitles.get(c.cluster_id) || (items[0] && items[0].title) || c.id),
    h('p.case-head', h('span.badge.state', { 'data-state': c.state }, stateLabel(c.state)), ` ${c.id} · ${PROVINCES[c.profile] || c.profile || ''}`,
      c.secret ? h('span.badge.secret', t('secret')) : '', ` · ${t('severity')}: ${t(c.severity || 'medium')}`),
    h('dl.facts', h('dt', t('lead')), h('dd.lead', c.lead_agency ? agencyEl(c.lead_agency) : '—'), h('dt', t('coordinating')), h('dd.coordinating', agencyList(c.coordinating)),
      h('dt', t('topics')), h('dd', (c.topics || []).join(', ') || '—'), h('dt', t('deadlines')), h('dd', deadlineList(deadlinesOf(c, answer)) || '—')),
    h('section.actions', { 'aria-label': t('actions') }, h('div.buttons', moves, h('a.button', { href: `#/case/${encodeURIComponent(c.id)}/report` }, t('report'))), forms),
    h('section', h('h2', t('items')), h('ul.items', items.map((i) => h('li', i.link ? h('a', { href: i.link, rel: 'noopener noreferrer', target: '_blank' }, i.title || i.key) : i.title || i.key,
      i.source ? ` · ${i.source}` : '', i.score !== undefined ? ` · ${t('score')} ${fmtWeight(i.score)}` : '')))),
    dossier, evidenceSec, measuresSec, noticesSec, timeline);
}

/// The report to the UBND tỉnh, in Vietnamese (an official document), ready to print.
async function viewReport(id) {
  render(h('p.muted', t('loading')));
  const { c, items } = await loadCase(id);
  const province = PROVINCES[c.profile] || c.profile || '';
  const sections = (c.dossier && c.dossier.sections) || {};
  const today = new Date();
  const dateVi = new Intl.DateTimeFormat('vi-VN', { timeZone: TZ, day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(today);
  const part = (type) => dateVi.find((p) => p.type === type)?.value;
  render(
    h('div.no-print.toolbar', h('a', { href: `#/case/${encodeURIComponent(c.id)}` }, t('back')),
      h('button.primary', { type: 'button', onclick: () => window.print() }, t('printReport')), h('span.muted', t('reportLangNote'))),
    h('article.report', { lang: 'vi' },
      h('div.letterhead', h('div', 'CƠ QUAN CHỦ TRÌ THEO DÕI THÔNG TIN', h('br'), `tỉnh ${province}`),
        h('div', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', h('br'), h('u', 'Độc lập - Tự do - Hạnh phúc'))),
      h('p.right', h('em', `${province}, ngày ${part('day')} tháng ${part('month')} năm ${part('year')}`)),
      h('h1', 'BÁO CÁO'), h('p.center', h('strong', `Về thông tin sai lệch liên quan đến tỉnh ${province} (hồ sơ ${c.id})`)),
      h('p.center', `Kính gửi: Ủy ban nhân dân tỉnh ${province}`),
      h('h2', '1. Tóm tắt vụ việc'),
      h('p', `Phát hiện lúc ${fmtTimeVi(c.detected_at)}; xác nhận lúc ${fmtTimeVi(c.confirmed_at)}. Trạng thái: ${STATE_LABEL[c.state] ? STATE_LABEL[c.state][0] : c.state}. Mức độ: ${c.severity === 'high' ? 'cao' : 'trung bình'}. Chủ đề: ${(c.topics || []).join(', ') || '—'}.`),
      h('h2', '2. Các tin, bài có nội dung sai lệch'),
      h('ol', items.map((i) => h('li', i.title || i.key, i.source ? ` (${i.source}` : '', i.published ? `, ${fmtTimeVi(i.published)}` : '', i.source ? ')' : '', i.link ? h('div.link', i.link) : null))),
      SECTIONS.map(([key, vi], n) => [h('h2', `${n + 3}. ${vi}`), h('p.pre', sections[key] || '(chưa có)')]),
      h('h2', '8. Biện pháp đã thực hiện'),
      (c.measures || []).length ? h('ul', c.measures.map((m) => h('li', `${fmtTimeVi(m.date, true)}: ${MEASURES[m.kind] ? MEASURES[m.kind][0] : m.kind}${m.channel ? ', ' + m.channel : ''}${m.link ? ', ' + m.link : ''}`))) : h('p', '(chưa có)'),
      h('h2', '9. Phân công xử lý'),
      h('p', `Cơ quan chủ trì: ${c.lead_agency ? agencyName(c.lead_agency) : '(chưa giao)'}. Cơ quan phối hợp: ${(c.coordinating || []).map(agencyName).join(', ') || '—'}.`),
      h('p', 'Kính đề nghị Ủy ban nhân dân tỉnh xem xét, chỉ đạo.'),
      h('div.sign', h('strong', 'NGƯỜI BÁO CÁO'), h('br'), h('em', '(Ký, ghi rõ họ tên)'))));
}
function fmtTimeVi(v, dateOnly = false) { const keep = lang; lang = 'vi'; try { return fmtTime(v, dateOnly); } finally { lang = keep; } }

// --- sources

function healthOf(s) {
  if (!s.polled && !s.last_attempt) return 'h_never';
  if (s.circuit_open) return 'h_parked';
  if (s.unhealthy) return 'h_unhealthy';
  if (s.consecutive_failures > 0) return 'h_failing';
  return 'h_ok';
}

async function viewSources() {
  render(h('p.muted', t('loading')));
  const r = await api('GET', '/api/sources');
  const rows = Array.isArray(r) ? r : r.sources || r.rows || [];
  render(h('h1', t('sources')), h('div.scroll', h('table.sources',
    h('thead', h('tr', [t('source'), t('health'), t('lastSuccess'), t('failures'), t('lastStatus'), t('perDay'), t('nextPoll'), t('lastError')].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', rows.map((s) => {
      const hk = healthOf(s);
      return h('tr', { 'data-source': s.id },
        h('th', { scope: 'row' }, h('div', s.name || s.id), h('div.muted.small', s.url)),
        h('td', h('span', { class: `health ${hk}` }, t(hk))),
        h('td', fmtTime(s.last_success)), h('td.num', s.consecutive_failures ?? 0), h('td.num', s.last_status || '—'),
        h('td.num', s.items_per_day === undefined ? '—' : (Math.round(s.items_per_day * 10) / 10)),
        h('td', fmtTime(s.next_poll)), h('td', s.last_error ? `${s.error_kind ? '[' + s.error_kind + '] ' : ''}${half(s.last_error)}` : '—', s.unhealthy ? h('div', half(s.unhealthy)) : null));
    })))));
}

// --- rule tester

async function viewRules() {
  const text = h('textarea', { name: 'text', rows: 8 });
  const url = h('input', { name: 'url', type: 'url', placeholder: 'https://' });
  const profile = h('select', { name: 'profile' }, h('option', { value: '' }, '—'), Object.entries(PROVINCES).map(([id, name]) => h('option', { value: id }, name)));
  const out = h('section#explanation', { 'aria-live': 'polite' });
  render(h('h1', t('rules')), h('form.tester', {
    onsubmit: async (e) => {
      e.preventDefault();
      clearErrors();
      const body = url.value.trim() ? { url: url.value.trim() } : { text: text.value };
      if (profile.value) body.profile = profile.value;
      out.replaceChildren(h('p.muted', t('loading')));
      try { drawExplanation(out, await api('POST', '/api/rules/test', body), body.text); } catch (err) { out.replaceChildren(); showError(err); }
    },
  }, field(t('text'), text), field(t('url'), url), field(t('profile'), profile), h('button.primary', { type: 'submit' }, t('test'))), out);
}

/// Draws the explain JSON: verdict {candidate, score, threshold}, points (the
/// matches with byte offsets), topics, marked {field: text with «[...]»}.
function drawExplanation(box, ex, text) {
  const v = typeof ex.verdict === 'object' && ex.verdict ? ex.verdict : {};
  const points = ex.points || [];
  const spans = (names) => points.filter((p) => names.includes(p.field));
  const markedText = ex.marked && typeof ex.marked === 'object' ? ex.marked : {};
  box.replaceChildren(
    h('h2', `${t('verdict')}: `, h('span', { class: v.candidate ? 'warn' : '' }, v.candidate ? t('candidate') : t('notCandidate')),
      ` · ${t('score')} ${fmtWeight(v.score)}`, v.threshold !== undefined ? ` / ${v.threshold}` : ''),
    pointsTable(points, v.score),
    (ex.topics || []).length ? h('p', `${t('topics')}: `, ex.topics.map((x) => `${x.label || x.rule} (${fmtWeight(x.weight)}${x.agency ? ', ' + agencyName(x.agency) : ''})`).join('; ')) : null,
    h('h3', t('marked')),
    text ? h('p.text.pre', marked(text, spans(['text', 'summary', 'body'])))
      : h('p.text.pre', Object.values(markedText).filter(Boolean).join('\n\n')),
    h('details', h('summary', 'JSON'), h('pre.small.pre', JSON.stringify(ex, null, 2))));
}

// --- audit log

async function viewAudit() {
  render(h('p.muted', t('loading')));
  const r = await api('GET', '/api/audit');
  const recs = r.records || [];
  render(h('h1', t('audit')), h('p', { class: r.chain_ok ? 'ok' : 'warn' }, r.chain_ok ? t('chainOk') : t('chainBad') + half(r.chain_error)),
    h('div.scroll', h('table', h('thead', h('tr', ['#', t('when'), t('caseOf'), t('actions'), t('state'), t('who'), t('detail')].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', recs.map((e) => h('tr', h('td.num', e.seq), h('td', fmtTime(e.at)), h('td', h('a', { href: `#/case/${encodeURIComponent(e.case_id)}` }, e.case_id)),
        h('td', actionLabel(e.kind)), h('td', `${stateLabel(e.from)} → ${stateLabel(e.to)}`), h('td', `${e.user} (${e.role})`), h('td', e.detail)))))));
}

// ---------------------------------------------------------------- router

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  return { name: parts[0] || '', arg: parts[1], sub: parts[2] };
}

async function show() {
  gen++;
  const r = route();
  if (session.user && !agencyNames) {
    try { await loadAgencyNames(); } catch (e) { showError(e); } // names fall back to ids
  }
  drawChrome();
  drawHelp();
  if (!session.user && r.name !== 'login') { location.hash = '#/login'; return; }
  if (session.user && (r.name === 'login' || r.name === '')) { location.hash = home(); return; }
  try {
    switch (r.name) {
      case 'login': await viewLogin(); break;
      case 'triage': await viewTriage(); break;
      case 'cases': await viewCases(); break;
      case 'case': if (r.sub === 'report') await viewReport(r.arg); else await viewCase(r.arg); break;
      case 'sources': await viewSources(); break;
      case 'rules': await viewRules(); break;
      case 'audit': await viewAudit(); break;
      default: render(h('p', t('notFound')));
    }
    if (r.name !== 'login' && r.name !== 'triage') view().focus({ preventScroll: true });
  } catch (e) {
    if (e instanceof Stale) return;
    render(h('p.muted', '—'));
    if (e.status === 403) showError(`${L.forbidden[0]} / ${L.forbidden[1]}`); else showError(e);
  }
}

async function start() {
  $('#lang').addEventListener('click', () => {
    lang = lang === 'en' ? 'vi' : 'en';
    localStorage.setItem('pw_lang', lang);
    show();
  });
  $('#logout').addEventListener('click', async () => {
    try { await api('POST', '/api/logout', {}); } catch (e) { showError(e); }
    session.user = null; session.csrf = '';
    clusterTitles = new Map();
    agencyNames = null;
    location.hash = '#/login';
    show();
  });
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', () => { clearErrors(); show(); });
  window.addEventListener('error', (e) => showError(e.message));
  window.addEventListener('unhandledrejection', (e) => showError(e.reason));
  try {
    const me = await api('GET', '/api/me');
    session.user = me.user; session.csrf = me.csrf;
  } catch (e) {
    if (e.status !== 401) showError(e);
  }
  await show();
}

start();
