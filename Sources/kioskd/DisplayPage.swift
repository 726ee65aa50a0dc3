/// The customer display's one page: markup, style and script in one response, nothing fetched
/// besides its feed (`/events`), so it works from kioskd alone with no files to install.
///
/// A small canvas shows the camera's view (a preview message a few times a second, too coarse to
/// read a code from) with the outline of any code in it, so the customer can aim.
///
/// Japanese first with an English line, large type, white on black (refusals white on deep red,
/// done white on deep green), sized in viewport units for 800x480 and 1920x1080 alike. The script
/// writes only `textContent` (never markup) from the feed, plays a short Web Audio tone for each
/// cue, and keeps in `window.kioskDisplay.shown` when each message reached the screen, which the
/// browser test reads for the scan-to-screen latency (the first message after connecting is
/// marked `replayed`: it is the state at that moment, not news).
enum DisplayPage {
    static let html = #"""
        <!doctype html>
        <html lang="ja">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>お支払い / Payment</title>
        <style>
        :root { color-scheme: dark; }
        * { box-sizing: border-box; margin: 0; padding: 0; }
        html, body { height: 100%; }
        body { background: #000; color: #fff; overflow: hidden; line-height: 1.25;
          font-family: "DejaVu Sans", "Noto Sans CJK JP", "IPAexGothic", "IPAPGothic", "IPAGothic", sans-serif; font-size: 4.4vh; }
        section { display: none; height: 100vh; padding: 4vh 4vw; flex-direction: column; gap: 2.5vh; }
        body[data-screen="idle"] #idle, body[data-screen="balance"] #balance,
        body[data-screen="collecting"] #collecting, body[data-screen="complete"] #collecting,
        body[data-screen="done"] #done, body[data-screen="cancelled"] #ended, body[data-screen="expired"] #ended,
        body[data-screen="offline"] #offline, body[data-screen="loading"] #offline { display: flex; }
        h1 { font-size: 8.5vh; font-weight: 700; }
        .en { color: #d0d8dc; font-size: max(0.72em, 15px); font-weight: 400; display: block; }
        .big { font-size: 17vh; font-weight: 700; color: #ffd600; line-height: 1.1; }
        .code { font-size: 6vh; font-family: "DejaVu Sans Mono", monospace; }
        ol { list-style: none; display: flex; flex-direction: column; gap: 2.2vh; font-size: 5.4vh; }
        ol li b { display: inline-block; min-width: 1.6em; color: #ffd600; }
        .hint { margin-top: auto; font-size: 4.4vh; border-top: 0.4vh solid #555; padding-top: 2vh; }
        .figures { display: grid; grid-template-columns: 1fr 1fr 1.25fr; gap: 2vw; }
        .figure { border: 0.4vh solid #666; border-radius: 1.5vh; padding: 1.5vh 1.5vw; }
        .figure .label { font-size: 4.4vh; }
        .figure .value { font-size: 10vh; font-weight: 700; white-space: nowrap; }
        .figure.missing { border-color: #ffd600; }
        .figure.missing .value { color: #ffd600; }
        .figure.missing.zero .value { color: #69f0ae; }
        #lines { list-style: none; flex: 1; overflow: hidden; display: flex; flex-direction: column; font-size: 5.4vh; gap: 0.8vh; }
        #lines li { display: flex; justify-content: space-between; border-bottom: 0.3vh solid #333; padding-bottom: 0.6vh; }
        #lines li .amount { font-weight: 700; }
        .buttons { display: flex; gap: 3vw; }
        .buttons button { flex: 1; min-height: 15vh; font: inherit; font-size: 6vh; font-weight: 700; border-radius: 2vh;
          border: 0.5vh solid #fff; color: #000; background: #ffd600; }
        .buttons button#cancel { background: #fff; }
        .buttons button .en { color: #000; }
        .buttons button[hidden] { display: none; }
        .buttons button:disabled { opacity: 0.5; }
        #done { background: #1b5e20; justify-content: center; }
        #done .big { color: #fff; }
        #ended, #offline { justify-content: center; }
        #notice { position: fixed; left: 0; right: 0; bottom: 0; min-height: 52vh; background: #b71c1c; color: #fff;
          border-top: 1vh solid #fff; padding: 4vh 5vw; display: flex; flex-direction: column; justify-content: center; gap: 2vh; }
        #notice[hidden] { display: none; }
        /* Over a session the reason stays clear of the buttons, and taps pass through it. */
        body[data-screen="collecting"] #notice, body[data-screen="complete"] #notice { bottom: 22vh; min-height: 40vh;
          border-bottom: 1vh solid #fff; }
        #notice { pointer-events: none; }
        /* The camera's view, small and grey, with the outline of a code being read: for aiming. */
        #preview { position: fixed; right: 3vw; bottom: 3vh; width: 28vh; height: 21vh; border: 0.4vh solid #fff;
          background: #222; display: none; }
        body[data-screen="idle"] #preview, body[data-screen="balance"] #preview { display: block; }
        body[data-screen="collecting"] #preview { display: block; bottom: 23vh; }
        body[data-screen="collecting"] #lines { padding-right: 33vh; }
        #notice .ja { font-size: 8vh; font-weight: 700; }
        #notice .en { color: #fff; font-size: 5vh; }
        </style>
        </head>
        <body data-screen="loading">
        <section id="idle">
          <h1>商品券でお支払い<span class="en">Pay with vouchers</span></h1>
          <ol>
            <li><b>1</b>お支払い金額がこの画面に出ます<span class="en">The amount to pay appears on this screen</span></li>
            <li><b>2</b>商品券やアプリのQRコードをカメラにかざしてください<span class="en">Hold each voucher's or the app's QR code under the camera</span></li>
            <li><b>3</b>金額に達するとお支払い完了です<span class="en">When the amount is reached, the payment is done</span></li>
          </ol>
          <p class="hint">お支払いの前でも、QRコードをかざすと残高を確認できます<span class="en">Hold a code under the camera at any time to see its balance</span></p>
        </section>
        <section id="balance">
          <h1>残高照会<span class="en">Balance</span></h1>
          <div class="code" id="balance-code"></div>
          <div class="big" id="balance-value"></div>
          <div id="balance-spent" class="big" hidden>使用済み<span class="en">Already used</span></div>
          <div id="balance-expiry"></div>
          <p class="hint">照会のみです。この券は使われていません<span class="en">Inquiry only: nothing was used</span></p>
        </section>
        <section id="collecting">
          <div class="figures">
            <div class="figure"><div class="label">お支払い金額<span class="en">Amount</span></div><div class="value" id="amount"></div></div>
            <div class="figure"><div class="label">読み取り済み<span class="en">Read so far</span></div><div class="value" id="total"></div></div>
            <div class="figure missing" id="missing-box"><div class="label">不足<span class="en">Still missing</span></div><div class="value" id="missing"></div></div>
          </div>
          <p id="collecting-hint">QRコードをカメラにかざしてください<span class="en">Hold the next QR code under the camera</span></p>
          <p id="complete-hint" hidden>お支払いを確認しています…<span class="en">Confirming the payment…</span></p>
          <ul id="lines"></ul>
          <div class="buttons">
            <button id="settle" type="button" hidden>この金額で支払う<span class="en">Pay what was read</span></button>
            <button id="cancel" type="button" hidden>やめる<span class="en">Cancel</span></button>
          </div>
        </section>
        <section id="done">
          <h1>お支払いが完了しました<span class="en">Payment complete</span></h1>
          <div class="big" id="done-amount"></div>
          <div>お支払い番号<span class="en">Payment number</span></div>
          <div class="code" id="done-payment"></div>
        </section>
        <section id="ended">
          <h1 id="ended-title"></h1>
          <p>券は使われていません<span class="en">No voucher was used</span></p>
        </section>
        <section id="offline">
          <h1>ただいま準備中です<span class="en">Not available right now</span></h1>
          <p>しばらくお待ちください<span class="en">Please wait a moment</span></p>
        </section>
        <canvas id="preview" width="96" height="72" aria-hidden="true"></canvas>
        <div id="notice" hidden role="alert"><div class="ja" id="notice-ja"></div><div class="en" id="notice-en"></div></div>
        <script>
        "use strict";
        const $ = (id) => document.getElementById(id);
        const yen = (n) => n.toLocaleString("ja-JP") + "円";
        const shown = [];
        window.kioskDisplay = { shown };
        let visit = 0;

        function text(id, value) { $(id).textContent = value; }

        function expiryLine(date) {
          const [y, m, d] = date.split("-").map(Number);
          return `有効期限 ${y}年${m}月${d}日まで / Valid until ${date}`;
        }

        function render(message) {
          const v = message.view;
          visit = v.visit;
          if (v.screen === "balance") {
            const b = v.balance;
            text("balance-code", b.code);
            text("balance-value", b.spent ? "" : yen(b.balance));
            $("balance-value").hidden = b.spent;
            $("balance-spent").hidden = !b.spent;
            text("balance-expiry", b.expiry ? expiryLine(b.expiry) : "");
          } else if (v.screen === "collecting" || v.screen === "complete") {
            text("amount", yen(v.amount));
            text("total", yen(v.total));
            text("missing", yen(v.missing));
            $("missing-box").classList.toggle("zero", v.missing === 0);
            $("collecting-hint").hidden = v.screen === "complete";
            $("complete-hint").hidden = v.screen !== "complete";
            const list = $("lines");
            // Newest first: the code just read is at the top, right under the figures.
            list.replaceChildren(...v.lines.slice().reverse().map((line) => {
              const item = document.createElement("li");
              const code = document.createElement("span");
              code.className = "code-line";
              code.textContent = line.code;
              const amount = document.createElement("span");
              amount.className = "amount";
              amount.textContent = yen(line.amount);
              item.append(code, amount);
              return item;
            }));
          } else if (v.screen === "done") {
            text("done-amount", yen(v.amount));
            text("done-payment", v.payment);
          } else if (v.screen === "cancelled" || v.screen === "expired") {
            $("ended-title").replaceChildren(
              v.screen === "cancelled" ? "お支払いを中止しました" : "時間切れのため、お支払いを中止しました",
              Object.assign(document.createElement("span"), {
                className: "en",
                textContent: v.screen === "cancelled" ? "The payment was cancelled" : "Timed out: the payment was cancelled",
              }));
          }
          $("settle").hidden = !v.settle;
          $("cancel").hidden = !v.cancel;
          $("settle").disabled = false;
          $("cancel").disabled = false;
          if (v.notice) {
            text("notice-ja", v.notice.ja);
            text("notice-en", v.notice.en);
            $("notice").dataset.reason = v.notice.reason;
          }
          $("notice").hidden = !v.notice;
          document.body.dataset.screen = v.screen;
          shown.push({ seq: message.seq, event_ms: message.event_ms ?? null, shown_ms: performance.timeOrigin + performance.now(),
            screen: v.screen, cue: v.cue ?? null, replayed: fresh });
          if (shown.length > 1000) shown.splice(0, shown.length - 1000);
          if (v.cue && !fresh) play(v.cue);  // the first message after (re)connecting is the state, not news
          fresh = false;
        }

        let audio = null;
        function tone(frequency, start, duration, type) {
          const oscillator = audio.createOscillator();
          const gain = audio.createGain();
          oscillator.type = type;
          oscillator.frequency.value = frequency;
          gain.gain.setValueAtTime(0.25, start);
          gain.gain.exponentialRampToValueAtTime(0.001, start + duration);
          oscillator.connect(gain).connect(audio.destination);
          oscillator.start(start);
          oscillator.stop(start + duration);
        }
        function play(cue) {
          if (!window.AudioContext) return;
          audio = audio || new AudioContext();
          const t = audio.currentTime + 0.01;
          if (cue === "read") { tone(1320, t, 0.09, "sine"); }
          else if (cue === "refused") { tone(330, t, 0.16, "square"); tone(220, t + 0.2, 0.3, "square"); }
          else if (cue === "done") { tone(660, t, 0.12, "sine"); tone(880, t + 0.14, 0.12, "sine"); tone(1320, t + 0.28, 0.35, "sine"); }
        }

        function press(action) {
          $("settle").disabled = true;
          $("cancel").disabled = true;
          fetch(`/${action}?visit=${visit}`, { method: "POST" }).then((reply) => {
            if (!reply.ok) { $("settle").disabled = false; $("cancel").disabled = false; }
          }, () => { $("settle").disabled = false; $("cancel").disabled = false; });
        }
        $("settle").addEventListener("click", () => press("settle"));
        $("cancel").addEventListener("click", () => press("cancel"));

        let fresh = true;
        let previews = 0;
        function drawPreview(p) {
          const canvas = $("preview");
          if (canvas.width !== p.width || canvas.height !== p.height) { canvas.width = p.width; canvas.height = p.height; }
          const context = canvas.getContext("2d");
          const image = context.createImageData(p.width, p.height);
          const grey = atob(p.pixels);
          for (let i = 0; i < grey.length; i++) {
            const v = grey.charCodeAt(i);
            image.data[4 * i] = v; image.data[4 * i + 1] = v; image.data[4 * i + 2] = v; image.data[4 * i + 3] = 255;
          }
          context.putImageData(image, 0, 0);
          context.strokeStyle = "#00e676";
          context.lineWidth = 1.5;
          for (const outline of p.outlines) {
            context.beginPath();
            outline.forEach(([x, y], i) => (i ? context.lineTo(x, y) : context.moveTo(x, y)));
            context.closePath();
            context.stroke();
          }
          previews += 1;
          window.kioskDisplay.previews = previews;
        }

        const feed = new EventSource("/events");
        feed.addEventListener("preview", (event) => drawPreview(JSON.parse(event.data)));
        feed.onopen = () => { fresh = true; };
        feed.onmessage = (event) => render(JSON.parse(event.data));
        feed.onerror = () => { document.body.dataset.screen = "offline"; $("notice").hidden = true; };
        </script>
        </body>
        </html>
        """#
}
