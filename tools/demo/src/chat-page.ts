// The page the chat demo serves: plain browser WebRTC code (nothing @rtc-specific), signalling over
// one HTTP POST with the complete offer (non-trickle: the browser waits for gathering to finish).
export const chatPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>@rtc chat</title>
<style>
 body { font: 15px system-ui, sans-serif; max-width: 40em; margin: 2em auto; }
 #log { border: 1px solid #ccc; height: 20em; overflow-y: auto; padding: .5em; white-space: pre-wrap; }
 .me { color: #064; } .node { color: #036; } .sys { color: #888; }
 form { display: flex; gap: .5em; margin-top: .5em; } input { flex: 1; }
</style></head>
<body>
<h1>Chat with a Node.js peer</h1>
<p>This page opens an RTCPeerConnection to the <code>@rtc/peer</code> process that served it.</p>
<div id="log"></div>
<form id="f"><input id="text" autocomplete="off" placeholder="type a message" disabled><button disabled id="send">Send</button></form>
<script>
const log = (cls, text) => {
  const d = document.createElement('div'); d.className = cls; d.textContent = text;
  const el = document.getElementById('log'); el.appendChild(d); el.scrollTop = el.scrollHeight;
};
(async () => {
  const pc = new RTCPeerConnection();
  const channel = pc.createDataChannel('chat');
  pc.onconnectionstatechange = () => log('sys', 'connection: ' + pc.connectionState);
  channel.onopen = () => {
    log('sys', 'data channel open');
    document.getElementById('text').disabled = false;
    document.getElementById('send').disabled = false;
    document.getElementById('text').focus();
  };
  channel.onclose = () => log('sys', 'data channel closed');
  channel.onmessage = (e) => log('node', 'node: ' + e.data);
  document.getElementById('f').onsubmit = (e) => {
    e.preventDefault();
    const input = document.getElementById('text');
    if (!input.value) return;
    channel.send(input.value); log('me', 'you:  ' + input.value); input.value = '';
  };
  await pc.setLocalDescription();
  await new Promise((r) => {
    if (pc.iceGatheringState === 'complete') return r();
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
  });
  log('sys', 'sending offer');
  const res = await fetch('/offer', { method: 'POST', body: JSON.stringify(pc.localDescription) });
  await pc.setRemoteDescription(await res.json());
  log('sys', 'answer applied');
})().catch((e) => log('sys', 'error: ' + e));
</script></body></html>`;
