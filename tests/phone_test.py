"""The story page at phone width: headless Chromium, driven through the
DevTools protocol on a pipe (--remote-debugging-pipe), shows the story page of
the example corpus as a 390 px wide phone (device scale 3, mobile) does, and
measures it: nothing wider than the screen (no sideways scrolling), the
timeline's labels at least 10 px high, every table cell inside the screen.
A screenshot is saved in the build folder. Skips (77) without Chromium.

Run by ctest as: python3 phone_test.py BUILD/crosswire PROJECT_ROOT"""
import base64, json, os, shutil, subprocess, sys, tempfile, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cwtest
from cwtest import case
import server_test

CHROME = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
SHOTS = os.path.join(os.path.dirname(cwtest.CW), 'screenshots')
PHONE = {'width': 390, 'height': 844, 'deviceScaleFactor': 3, 'mobile': True}


class Browser:
    """Chromium with the DevTools protocol on fds 3 (commands in) and 4
    (answers out), messages separated by NUL bytes."""

    def __init__(self):
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        self.profile = tempfile.mkdtemp(prefix='cwphone_')

        def fds():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.p = subprocess.Popen([CHROME, '--headless', '--no-sandbox', '--disable-gpu',
                                   '--disable-background-networking', '--disable-component-update', '--disable-sync',
                                   '--disable-extensions', '--disable-dev-shm-usage', '--no-first-run',
                                   '--hide-scrollbars', f'--user-data-dir={self.profile}', '--remote-debugging-pipe',
                                   'about:blank'], preexec_fn=fds, pass_fds=(3, 4),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buf = b''
        self.next_id = 0
        self.session = None
        targets = self.call('Target.getTargets')['targetInfos']
        page = [t for t in targets if t['type'] == 'page'][0]
        self.session = self.call('Target.attachToTarget', targetId=page['targetId'], flatten=True)['sessionId']

    def call(self, method, timeout=60, **params):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params}
        if self.session:
            msg['sessionId'] = self.session
        os.write(self.to_child, json.dumps(msg).encode() + b'\0')
        end = time.time() + timeout
        while time.time() < end:
            while b'\0' in self.buf:
                raw, self.buf = self.buf.split(b'\0', 1)
                m = json.loads(raw)
                if m.get('id') == self.next_id:
                    if 'error' in m:
                        raise AssertionError(f'{method}: {m["error"]}')
                    return m.get('result', {})
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise AssertionError('chromium closed the pipe')
            self.buf += chunk
        raise AssertionError(f'{method}: no answer in {timeout} s')

    def eval(self, expr, timeout=60):
        r = self.call('Runtime.evaluate', timeout=timeout, expression=expr, awaitPromise=True, returnByValue=True)
        if 'exceptionDetails' in r:
            raise AssertionError(f'{expr[:60]}: {r["exceptionDetails"]}')
        return r['result'].get('value')

    def close(self):
        try:
            self.call('Browser.close', timeout=10)
        except Exception:
            pass
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


MEASURE = r'''
new Promise((done) => {
  const t0 = Date.now();
  const ready = () => document.querySelector('#story-title') && document.querySelector('.timeline svg text.label');
  const check = () => {
    if (!ready()) { if (Date.now() - t0 < 20000) return setTimeout(check, 100); return done({ready: false}); }
    const vw = document.documentElement.clientWidth;
    const labels = [...document.querySelectorAll('.timeline svg text.label')].map((e) => e.getBoundingClientRect().height);
    /* (an SVG clips what it draws: its own box is what counts) */
    const wide = [...document.querySelectorAll('main *')].filter((e) => !e.closest('svg') || e.tagName === 'svg').filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.right > vw + 1 || r.left < -1);
    }).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
    done({ready: true, vw, scrollWidth: document.documentElement.scrollWidth, labels, wide: wide.slice(0, 8),
          cells: document.querySelectorAll('td').length,
          labelled: document.querySelectorAll('td[data-label]').length});
  };
  check();
})'''


def main():
    if not CHROME:
        print('skip: chromium is not installed (apt-get install chromium, or scripts/setup.sh)')
        sys.exit(cwtest.SKIP)
    d = cwtest.tmpdir()
    db = os.path.join(d, 'phone.db')
    server_test.fill_store(db)
    srv = server_test.Server(db)
    base = f'http://127.0.0.1:{srv.port}'
    with __import__('urllib.request').request.urlopen(base + '/api/stories') as r:
        stories = json.loads(r.read())['stories']
    story = stories[0]['id']
    b = Browser()
    try:
        b.call('Emulation.setDeviceMetricsOverride', **PHONE)
        b.call('Page.enable')
        b.call('Page.navigate', url=f'{base}/story/{story}')
        m = b.eval(MEASURE, timeout=40)

        @case
        def story_page_fits_a_phone():
            assert m['ready'], 'the story page did not render a timeline'
            assert m['vw'] == PHONE['width'], m
            assert m['scrollWidth'] <= m['vw'], f'scrolls sideways: {m["scrollWidth"]} > {m["vw"]}: {m["wide"]}'
            assert not m['wide'], m['wide']

        @case
        def timeline_text_is_readable():
            assert m['labels'] and min(m['labels']) >= 10, m['labels']

        @case
        def table_cells_carry_their_headings():
            assert m['cells'] and m['labelled'] == m['cells'], m

        os.makedirs(SHOTS, exist_ok=True)
        h = b.eval('document.documentElement.scrollHeight')
        b.call('Emulation.setDeviceMetricsOverride', **dict(PHONE, height=min(int(h), 6000)))
        shot = b.call('Page.captureScreenshot', format='png', captureBeyondViewport=True,
                      clip={'x': 0, 'y': 0, 'width': PHONE['width'], 'height': min(int(h), 6000),
                            'scale': 1 / PHONE['deviceScaleFactor']})
        path = os.path.join(SHOTS, 'story-phone-390.png')
        with open(path, 'wb') as f:
            f.write(base64.b64decode(shot['data']))
        print(f'     screenshot: {path}')
    finally:
        b.close()
        srv.stop()
    cwtest.finish()


if __name__ == '__main__':
    main()
