"""The video calls' part of the clerks' help-desk page (``GET /help-desk``, issue 21.1):
the ringing calls, and for the one the clerk answers the kiosk's video, the case draft
(matter, step, materials), a note box, an "approve later" (容缺) button for each missing
material the matter allows later, and hang up.

The browser answers the kiosk's offer itself (``RTCPeerConnection``, no STUN server:
the clerks and the kiosks share the site's network) and posts its answer once every ICE
candidate is gathered (no trickle). The clerk's own camera and microphone are used when
the browser has them; without (a headless browser, a desk with no camera) the page
sends a drawn card saying who answers, so the kiosk always gets a picture. The page
reuses the help-desk script's ``call`` (fetch with the back-office token) and ``cell``;
every value is inserted as text, never as HTML. ``window.kioskFrames`` counts the
kiosk's video frames the page has shown (its test reads it).
"""

from __future__ import annotations

VIDEO_DESK_HTML = """
<style>
#video-call { display: none; gap: 1.5em; margin-top: 1em; }
#video-call.active { display: flex; }
#kiosk-video { width: 480px; height: 360px; background: #222; }
#call-case li.missing { color: #b71c1c; }
#note { width: 24em; height: 4em; }
</style>
<h2>视频通话 · Video calls</h2>
<p id="video-status"></p>
<table><thead><tr><th>终端 Terminal</th><th>事项 Matter</th><th>步骤 Step</th>
<th>呼叫时间 Called at</th><th>状态 State</th><th></th></tr></thead>
<tbody id="video-calls"></tbody></table>
<section id="video-call">
  <div><video id="kiosk-video" autoplay playsinline></video>
  <p><button id="hang-up">挂断 Hang up</button></p></div>
  <div><h3 id="call-matter"></h3><p id="call-step"></p><ul id="call-case"></ul>
  <p><textarea id="note" maxlength="500"></textarea><br>
  <button id="send-note">发送留言 Send note</button></p></div>
</section>
<script>
"use strict";
const VIDEO_API = "/api/v1/backoffice/video-calls";
const STATE_WORDS = { ringing: "呼叫中 ringing", answered: "通话中 answered",
  ended: "已结束 ended", missed: "未接 missed" };
const MATERIAL_WORDS = { in_hand: "已提交 in hand", deferred: "容缺 later", missing: "缺 missing" };
let live = null;  // { id, pc, local, timer }
window.kioskFrames = 0;

function videoStatus(text) { document.getElementById("video-status").textContent = text; }

function countFrames(video) {
  const tick = () => { window.kioskFrames += 1; video.requestVideoFrameCallback(tick); };
  video.requestVideoFrameCallback(tick);
}

function drawnCard() {
  // no camera here: a card that says who answers, redrawn so frames keep coming
  const canvas = document.createElement("canvas");
  canvas.width = 320; canvas.height = 240;
  const g = canvas.getContext("2d");
  const draw = () => {
    g.fillStyle = "#1565c0"; g.fillRect(0, 0, 320, 240);
    g.fillStyle = "#fff"; g.font = "28px sans-serif";
    g.fillText("工作人员 Clerk", 60, 110);
    g.font = "16px sans-serif"; g.fillText(new Date().toLocaleTimeString(), 110, 150);
  };
  draw();
  setInterval(draw, 200);
  return canvas.captureStream(10);
}

async function ownMedia() {
  try { return await navigator.mediaDevices.getUserMedia({ video: true, audio: true }); }
  catch (e) { return drawnCard(); }
}

function gathered(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((done) => pc.addEventListener("icegatheringstatechange", () => {
    if (pc.iceGatheringState === "complete") done();
  }));
}

function showCase(c) {
  const matter = c.case.matter_zh ? c.case.matter_zh + " " + c.case.matter_en : "（未选事项 no matter yet）";
  document.getElementById("call-matter").textContent = matter;
  document.getElementById("call-step").textContent = "步骤 Step: " + c.case.step + " · 终端 " + c.terminal_id;
  const list = document.getElementById("call-case");
  list.replaceChildren();
  for (const m of c.case.materials) {
    const li = document.createElement("li");
    li.className = m.state;
    li.textContent = m.name_zh + " " + m.name_en + " — " + MATERIAL_WORDS[m.state] + " ";
    if (m.deferrable && m.state !== "in_hand") {
      const b = document.createElement("button");
      b.textContent = "准予容缺 Approve later";
      b.dataset.material = m.code;
      b.onclick = () => say({ kind: "material_approved", material_code: m.code }, b);
      li.appendChild(b);
    }
    list.appendChild(li);
  }
}

async function answer(id) {
  if (live) await hangUp();
  const c = await call("GET", VIDEO_API + "/" + encodeURIComponent(id));
  const pc = new RTCPeerConnection({ iceServers: [] });
  const video = document.getElementById("kiosk-video");
  pc.ontrack = (e) => {
    if (e.track.kind !== "video") return;
    video.srcObject = e.streams[0] || new MediaStream([e.track]);
  };
  const local = await ownMedia();
  for (const t of local.getTracks()) pc.addTrack(t, local);
  await pc.setRemoteDescription({ type: "offer", sdp: c.offer_sdp });
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered(pc);
  await call("POST", VIDEO_API + "/" + encodeURIComponent(id) + "/answer",
    { answer_sdp: pc.localDescription.sdp });
  live = { id, pc, local, timer: setInterval(watchLive, 2000) };
  showCase(c);
  document.getElementById("video-call").className = "active";
  videoStatus("通话中 In call with " + c.terminal_id);
  await refreshVideo();
}

async function say(body, button) {
  if (!live) return;
  try {
    await call("POST", VIDEO_API + "/" + encodeURIComponent(live.id) + "/messages", body);
    if (button) { button.disabled = true; button.textContent = "已准予 Approved"; }
    videoStatus("已发送 Sent");
  } catch (e) { videoStatus("发送失败 Not sent: " + e.message); }
}

function endLocal(words) {
  if (!live) return;
  clearInterval(live.timer);
  live.pc.close();
  for (const t of live.local.getTracks()) t.stop();
  live = null;
  document.getElementById("video-call").className = "";
  document.getElementById("kiosk-video").srcObject = null;
  videoStatus(words);
}

async function hangUp() {
  if (!live) return;
  const id = live.id;
  endLocal("已挂断 Hung up");
  try { await call("POST", VIDEO_API + "/" + encodeURIComponent(id) + "/hang-up"); } catch (e) {}
  await refreshVideo();
}

async function watchLive() {
  if (!live) return;
  try {
    const c = await call("GET", VIDEO_API + "/" + encodeURIComponent(live.id));
    if (c.state !== "answered") endLocal("通话已结束 The call has ended");
  } catch (e) { /* the next tick tries again */ }
}

async function refreshVideo() {
  try {
    const data = await call("GET", VIDEO_API);
    const body = document.getElementById("video-calls");
    body.replaceChildren();
    for (const c of data.calls.filter((c) => c.state === "ringing" || c.state === "answered")) {
      const row = document.createElement("tr");
      row.className = c.state === "ringing" ? "open" : "";
      cell(row, c.terminal_id); cell(row, c.case.matter_zh || "—"); cell(row, c.case.step);
      cell(row, new Date(c.called_at).toLocaleString()); cell(row, STATE_WORDS[c.state]);
      const act = cell(row, "");
      if (c.state === "ringing") {
        const b = document.createElement("button");
        b.textContent = "接听 Answer";
        b.dataset.call = c.call_id;
        b.onclick = () => answer(c.call_id).catch((e) => videoStatus("接听失败 Cannot answer: " + e.message));
        act.appendChild(b);
      }
      body.appendChild(row);
    }
  } catch (e) { videoStatus("无法读取 Cannot load: " + e.message); }
}

countFrames(document.getElementById("kiosk-video"));
document.getElementById("hang-up").onclick = hangUp;
document.getElementById("send-note").onclick = () => {
  const box = document.getElementById("note");
  const note = box.value.trim();
  if (note) say({ kind: "note", note }).then(() => { box.value = ""; });
};
refreshVideo();
setInterval(refreshVideo, 3000);
</script>
"""
