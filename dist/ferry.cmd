@echo off
rem ferry launcher for Windows: finds ferry.jar beside this script (or ..\lib, ..\target) and runs it
rem with %%JAVA_HOME%%\bin\java.exe, else java on the PATH. JAVA_OPTS is passed to the JVM.
setlocal
set "FERRY_HERE=%~dp0"
set "FERRY_JAR_FOUND="
if defined FERRY_JAR if exist "%FERRY_JAR%" set "FERRY_JAR_FOUND=%FERRY_JAR%"
if not defined FERRY_JAR_FOUND if exist "%FERRY_HERE%ferry.jar" set "FERRY_JAR_FOUND=%FERRY_HERE%ferry.jar"
if not defined FERRY_JAR_FOUND if exist "%FERRY_HERE%..\lib\ferry.jar" set "FERRY_JAR_FOUND=%FERRY_HERE%..\lib\ferry.jar"
if not defined FERRY_JAR_FOUND if exist "%FERRY_HERE%..\target\ferry.jar" set "FERRY_JAR_FOUND=%FERRY_HERE%..\target\ferry.jar"
if not defined FERRY_JAR_FOUND (
  echo ferry: cannot find ferry.jar next to %FERRY_HERE%; build it with mvnw.cmd -q package -DskipTests 1>&2
  exit /b 2
)
set "FERRY_JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "FERRY_JAVA=%JAVA_HOME%\bin\java.exe"
rem JIT settings for a run of seconds; SHA-256 compiled to the CPU's SHA instructions at once (see dist/ferry)
set "FERRY_JIT=-XX:CompileThresholdScaling=4 -XX:CompileCommand=quiet -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::engineUpdate,0.01 -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.DigestBase::implCompressMultiBlock,0.01 -XX:CompileCommand=CompileThresholdScaling,sun.security.provider.SHA2::implCompress,0.01"
"%FERRY_JAVA%" %FERRY_JIT% %JAVA_OPTS% -Dfile.encoding=UTF-8 -jar "%FERRY_JAR_FOUND%" %*
exit /b %ERRORLEVEL%
