# Build: a pure-Go static binary (SQLite is modernc.org/sqlite, no cgo).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/sharednews ./cmd/sharednews \
 && mkdir -p /out/data \
 && sed 's/^listen = "127.0.0.1:8080"/listen = ":8080"/' config.example.toml > /out/config.toml \
 && grep -q '^listen = ":8080"' /out/config.toml

# Run: no shell, no package manager, a non-root user. Time zones are embedded
# in the binary (time/tzdata); CA certificates come from the static image.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/sharednews /usr/local/bin/sharednews
COPY --from=build --chown=65532:65532 /out/data /data
# The example configuration, listening on every interface so the port can be
# published. Mount your own file over it, and pass secrets as environment variables.
COPY --from=build /out/config.toml /etc/sharednews/config.toml
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/sharednews", "--config", "/etc/sharednews/config.toml"]
CMD ["run"]
