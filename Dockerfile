# syntax=docker/dockerfile:1
# The operator image: src/ as is (Node 24 strips the TypeScript types, there is no build step), production
# dependencies only, on a distroless Node 24 base without shell or npm, as a non-root user.
# Build: docker build -t <registry>/secure-aml-operator:<tag> .   (docs/deployment.md)

# Production dependencies, installed exactly from the lock file. Same Debian release as the runtime base below, so
# any native addon would match its libc. --ignore-scripts: no dependency needs an install script to run.
FROM node:24.21.0-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Runtime: the distroless tags float with Node 24 and Debian security updates; pin a digest
# (nodejs24-debian12:nonroot@sha256:...) in your build if you need byte-for-byte reproducible images.
FROM gcr.io/distroless/nodejs24-debian12:nonroot
LABEL org.opencontainers.image.title="secure-aml-operator" \
      org.opencontainers.image.description="Kubernetes operator for secure Azure Machine Learning environments" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# package.json carries "type": "module", which makes Node load src/*.ts as ES modules.
COPY package.json ./
COPY src ./src
# distroless "nonroot", numeric so Kubernetes can check runAsNonRoot without reading /etc/passwd.
USER 65532:65532
# /metrics on 8080, /healthz and /readyz on 8081 (docs/configuration.md).
EXPOSE 8080 8081
# For docker run only: Kubernetes ignores HEALTHCHECK and uses the Deployment's probes on the same endpoint
# (config/manager/deployment.yaml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/nodejs/bin/node", "-e", "fetch('http://127.0.0.1:8081/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/nodejs/bin/node", "src/main.ts"]
