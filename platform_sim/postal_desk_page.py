"""The post's part of the clerks' help-desk page (``GET /help-desk``, 物流服务, issue
21.5): the approved cases whose certificate goes by post, each with its recipient, mobile
and whole address, a tracking number box and 寄出 (dispatch), which marks the case
posted and texts the resident. The page reuses the help-desk script's ``call`` (fetch
with the back-office token) and ``cell``; every value is inserted as text, never HTML."""

from __future__ import annotations

POSTAL_DESK_HTML = """
<h2>邮寄送达 · Certificates to post</h2>
<p id="posts-status"></p>
<table><thead><tr><th>办件 Case</th><th>收件人 Recipient</th><th>手机 Mobile</th>
<th>地址 Address</th><th>运单号 Tracking number</th></tr></thead>
<tbody id="posts"></tbody></table>
<script>
"use strict";
const POSTS_API = "/api/v1/backoffice/posts";
function postsStatus(text) { document.getElementById("posts-status").textContent = text; }
async function dispatchPost(code, number) {
  try {
    await call("POST", "/api/v1/backoffice/cases/" + encodeURIComponent(code) + "/dispatch",
      { tracking_number: number.trim().toUpperCase() });
    await refreshPosts();
    postsStatus("已寄出 Posted: " + code);
  } catch (e) {
    postsStatus("未能寄出 Not posted (" + e.message + "): " + code);
  }
}
async function refreshPosts() {
  try {
    const data = await call("GET", POSTS_API);
    const body = document.getElementById("posts");
    body.replaceChildren();
    for (const c of data.cases) {
      const row = document.createElement("tr");
      cell(row, c.case_code); cell(row, c.recipient); cell(row, c.phone); cell(row, c.address);
      const act = cell(row, "");
      const number = document.createElement("input");
      number.size = 16; number.placeholder = "EA123456789CN";
      number.dataset.case = c.case_code;
      const b = document.createElement("button");
      b.textContent = "寄出 Dispatch";
      b.dataset.dispatch = c.case_code;
      b.onclick = () => dispatchPost(c.case_code, number.value);
      act.append(number, " ", b);
      body.appendChild(row);
    }
  } catch (e) {
    postsStatus("无法读取 Cannot load: " + e.message);
  }
}
refreshPosts();
setInterval(refreshPosts, 5000);
</script>"""
