# syntax=docker/dockerfile:1
# medibus in a container: built with the Go toolchain and gcc (the SQLite driver,
# mattn/go-sqlite3, is C through cgo), run as a non-root user on a small Debian, the
# database on the volume /data. See docs/production.md.
#
#   docker build -t medibus .
#   docker volume create medibus-data
#   docker run --rm -v medibus-data:/data medibus plan            # a first plan…
#   docker run --rm -v medibus-data:/data medibus publish         # …published
#   docker run --rm -v medibus-data:/data medibus token create --role coordinator
#   docker run -d --name medibus -p 127.0.0.1:8080:8080 -v medibus-data:/data medibus

FROM golang:1.26-trixie AS build
WORKDIR /src
# gcc and the C library's headers come with the golang image; the modules first, so
# that a change of the code does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 go build -trimpath -ldflags='-s -w' -o /out/medibus ./cmd/medibus

FROM debian:trixie-slim
# curl answers the HEALTHCHECK; ca-certificates let medibus reach an OSRM service over
# HTTPS. The time zones are in the binary (time/tzdata).
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin medibus \
 && mkdir /data && chown medibus:medibus /data
COPY --from=build /out/medibus /usr/local/bin/medibus
USER medibus
WORKDIR /data
# Every command finds the database on the volume (a medibus.yaml there is read too).
ENV MEDIBUS_DB=/data/medibus.db
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["medibus"]
# Behind a reverse proxy that terminates TLS: the session cookie is Secure and
# Strict-Transport-Security is sent. The proxy reaches the container from a Docker
# network (172.16.0.0/12 by default, not 127.0.0.1): trusted, its X-Forwarded-For names
# each client for the limits per client; give its own address if yours differs.
CMD ["serve", "--addr", ":8080", "--db", "/data/medibus.db", "--secure-cookies", "--trusted-proxy", "172.16.0.0/12"]
