# kuma-inject as a container KRM function (kpt `image:`, kustomize container functions) and as the
# Argo CD CMP sidecar image. Build the bundle on the host first: `npm ci && npm run build`.
FROM node:20-slim
# Executable, so the Argo CD sidecar (whose command is argocd-cmp-server) can run `kuma-inject`.
COPY --chmod=0755 dist/kuma-inject.cjs /usr/local/bin/kuma-inject
# V8 code cache made by the build: faster start-up when the image's Node matches the build's,
# silently ignored when it does not.
COPY dist/kuma-inject.cjs.cache /usr/local/bin/kuma-inject.cache
# KRM functions run unprivileged; the bundle needs no home directory and no file system.
USER nobody
ENTRYPOINT ["node", "/usr/local/bin/kuma-inject"]
