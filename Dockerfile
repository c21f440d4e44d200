# syntax=docker/dockerfile:1
# kuma-inject images, built from a clean clone (nothing built on the host is copied in):
#   docker build -t IMAGE:VERSION .                             the KRM function (kpt `image:`,
#                                                               kustomize container functions)
#   docker build --target argocd-cmp -t IMAGE:VERSION-argocd .  the Argo CD CMP sidecar: the same,
#                                                               plus kubectl for kustomizations
# IMAGE is package.json's config.image, VERSION its version (README, "Publishing the image").
#
# Node: the current LTS line, pinned to a release. Build and runtime stages use the same image, so
# the V8 code cache the build makes (one warm run, by this Node) is accepted when the image runs.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim
# kubectl of the Kubernetes release the end-to-end tests use (it embeds kustomize v5.5.0).
ARG KUBECTL_IMAGE=registry.k8s.io/kubectl:v1.32.4

FROM ${KUBECTL_IMAGE} AS kubectl

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json LICENSE ./
COPY scripts/ scripts/
COPY src/ src/
# `npm ci` runs `prepare`, the build: schema validators, the bundle, its third-party notices and
# the code cache. It installs only the packages the build needs, as the lockfile pins them
# (scripts/build-dependencies.mjs narrows package.json and the lockfile to them first), not the
# type checker, linters and test libraries. Nothing else from the build stage reaches the image.
RUN node scripts/build-dependencies.mjs && npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG SOURCE=https://github.com/example/kuma-inject
LABEL org.opencontainers.image.title="kuma-inject" \
      org.opencontainers.image.description="Offline Kong Mesh / Kuma sidecar injection as a KRM function" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.licenses="Apache-2.0"
# Executable, so the Argo CD sidecar (whose command is argocd-cmp-server) can run `kuma-inject`.
# The executable is a small loader; it reads the bundle and the code cache from beside itself.
COPY --from=build --chmod=0755 /src/dist/kuma-inject.cjs /usr/local/bin/kuma-inject
COPY --from=build /src/dist/kuma-inject.cjs.bundle /usr/local/bin/kuma-inject.bundle
COPY --from=build /src/dist/kuma-inject.cjs.cache /usr/local/bin/kuma-inject.cache
COPY --from=build /src/dist/THIRD-PARTY-NOTICES.md /usr/share/doc/kuma-inject/THIRD-PARTY-NOTICES.md
COPY --from=build /src/LICENSE /usr/share/doc/kuma-inject/LICENSE
# KRM functions run unprivileged (numeric, so runAsNonRoot can verify it); the bundle needs no
# home directory and writes nothing.
USER 65534:65534
ENTRYPOINT ["node", "/usr/local/bin/kuma-inject"]

# The Argo CD CMP sidecar: argocd-generate builds kustomizations with kubectl kustomize. Its
# command is argocd-cmp-server (repo-server-patch.yaml), which runs as user 999.
FROM runtime AS argocd-cmp
COPY --from=kubectl /bin/kubectl /usr/local/bin/kubectl

# The default target (last stage): the KRM function image.
FROM runtime AS function
