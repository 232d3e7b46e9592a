"""Fallback load client for bench/load.sh when wrk is absent: N requests over
C keep-alive connections on loopback with asyncio; prints the same RESULT line.
usage: load_client.py URL REQUESTS CONNECTIONS"""
import asyncio, sys, time, urllib.parse


async def worker(host, port, path, n, lat, errs):
    r, w = await asyncio.open_connection(host, port)
    req = f'GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n'.encode()
    for _ in range(n):
        t = time.perf_counter()
        try:
            w.write(req)
            head = await r.readuntil(b'\r\n\r\n')
            status = int(head.split(b' ', 2)[1])
            length = 0
            for line in head.split(b'\r\n'):
                if line.lower().startswith(b'content-length:'):
                    length = int(line.split(b':')[1])
            await r.readexactly(length)
            if status != 200:
                errs[0] += 1
        except Exception:
            errs[1] += 1
            w.close()
            r, w = await asyncio.open_connection(host, port)
        lat.append(time.perf_counter() - t)
    w.close()


async def main():
    url, total, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    u = urllib.parse.urlsplit(url)
    path = u.path + ('?' + u.query if u.query else '')
    lat, errs = [], [0, 0]
    t = time.perf_counter()
    share = [total // conns + (1 if i < total % conns else 0) for i in range(conns)]
    await asyncio.gather(*(worker(u.hostname, u.port, path, n, lat, errs) for n in share))
    secs = time.perf_counter() - t
    lat.sort()
    pct = lambda p: lat[min(len(lat) - 1, int(len(lat) * p))] * 1000
    print(f'RESULT requests={len(lat)} seconds={secs:.3f} rps={len(lat) / secs:.0f} p50_ms={pct(0.5):.2f} '
          f'p99_ms={pct(0.99):.2f} max_ms={lat[-1] * 1000:.2f} non200={errs[0]} socket_errors={errs[1]}')


asyncio.run(main())
