package io.bpmnagents.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.bpmnagents.answer.AnswerRule;
import io.bpmnagents.answer.AnswerSchema;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Package dependencies point one way, so each capability can be read, tested and changed
 * on its own: the API and patterns build on tasks, tasks on the answer rules, the worker
 * and agents, agents on the model client; the model client knows neither agents nor the
 * simulator that may answer it. The worker runs any topic's tasks and knows neither the
 * agent task nor its answer rules; the answer rules know no agent task, and the rules
 * themselves not the worker either.
 */
class PackageDependenciesTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.bpmnagents");

	@Test
	void capabilitiesDoNotDependOnEachOtherInCircles() {
		slices().matching("io.bpmnagents.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void patternsDoNotDependOnEachOther() {
		slices().matching("io.bpmnagents.pattern.(*)..").should().notDependOnEachOther().check(MAIN);
	}

	@Test
	void theModelClientKnowsNoAgentsAndNoSimulator() {
		noClasses().that()
			.resideInAPackage("io.bpmnagents.llm..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.bpmnagents.agent..", "io.bpmnagents.simulator..", "io.bpmnagents.task..",
					"io.bpmnagents.worker..", "io.bpmnagents.answer..", "io.bpmnagents.run..")
			.check(MAIN);
	}

	@Test
	void theRunsApiKnowsNoPattern() {
		noClasses().that()
			.resideInAnyPackage("io.bpmnagents.run..", "io.bpmnagents.contract..", "io.bpmnagents.task..",
					"io.bpmnagents.worker..", "io.bpmnagents.answer..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.bpmnagents.pattern..", "io.bpmnagents.approval..")
			.check(MAIN);
	}

	@Test
	void theWorkerKnowsNeitherTheAgentTaskNorItsAnswerRules() {
		noClasses().that()
			.resideInAPackage("io.bpmnagents.worker..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.bpmnagents.task..", "io.bpmnagents.answer..", "io.bpmnagents.pattern..",
					"io.bpmnagents.run..")
			.check(MAIN);
	}

	@Test
	void theAnswerRulesKnowNoAgentTask() {
		noClasses().that()
			.resideInAPackage("io.bpmnagents.answer..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.bpmnagents.task..", "io.bpmnagents.pattern..", "io.bpmnagents.run..")
			.check(MAIN);
	}

	@Test
	void theRulesThemselvesOnlyJudgeAnswersTheyAskNoAgentAndReportNothing() {
		noClasses().that()
			.areAssignableTo(AnswerRule.class)
			.or()
			.areAssignableTo(AnswerSchema.class)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.bpmnagents.worker..", "io.bpmnagents.agent..", "io.bpmnagents.transcript..")
			.check(MAIN);
	}

}
