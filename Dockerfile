# Build: docker build -t bpmn-agents .   (docker-compose.yml does this for you)
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY processes processes
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
RUN useradd --system --home /app bpmnagents && mkdir -p /app/data && chown bpmnagents /app/data
COPY --from=build /src/target/bpmn-agents-*.jar /app/bpmn-agents.jar
# processes/ next to the jar is what gets deployed; mount your own folder over it to change flows.
COPY processes /app/processes
USER bpmnagents
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/bpmn-agents.jar"]
