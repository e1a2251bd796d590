# Multi-stage build of the API: restore (locked), publish in Release, run as a non-root user.
# The same steps as `dotnet publish` + `dotnet Starter.Api.dll` that CI runs (see .ci/run).
#   docker build -t starter-api .
#   docker run --rm -e DATABASE_URL=postgresql://… starter-api db upgrade   # deploy step
#   docker run --rm -p 127.0.0.1:8080:8080 -e DATABASE_URL=postgresql://… starter-api

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The image's architecture (amd64 or arm64, set by docker build/buildx), which `-a` takes as it is: a
# publish for a runtime compiles the code ahead (ReadyToRun; see Starter.Api.csproj), so the JIT has
# less to do at start.
ARG TARGETARCH=amd64
WORKDIR /src
# Restore first, from the files that pin packages, so this layer is cached until they change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Starter.Api/Starter.Api.csproj src/Starter.Api/packages.lock.json src/Starter.Api/
RUN dotnet restore src/Starter.Api --locked-mode -a "$TARGETARCH"
COPY .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Starter.Api -c Release --no-restore -a "$TARGETARCH" -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged "app" user; nothing in /app is writable by it.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=1
EXPOSE 8080
ENTRYPOINT ["dotnet", "Starter.Api.dll"]
