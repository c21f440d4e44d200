# kuma-inject as a container KRM function (kpt `image:`, kustomize container functions) and as the
# Argo CD CMP sidecar image. Build the bundle on the host first: `npm ci && npm run build`.
FROM node:20-slim
# Executable, so the Argo CD sidecar (whose command is argocd-cmp-server) can run `kuma-inject`.
COPY --chmod=0755 dist/kuma-inject.cjs /usr/local/bin/kuma-inject
# KRM functions run unprivileged; the bundle needs no home directory and no file system.
USER nobody
ENTRYPOINT ["node", "/usr/local/bin/kuma-inject"]
