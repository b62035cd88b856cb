import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@bff/gateway-auth';
import { HtmlPage } from '@bff/gateway-edge';
import { STATUS_HTML, STATUS_JS } from './status.page';

/** `GET /status`: the operators' status page. Public: it holds no data, its data calls need an admin token. */
@ApiExcludeController()
@Controller('status')
export class StatusController {
  @Public()
  @Get()
  @HtmlPage()
  @Header('cache-control', 'no-cache')
  page(): string {
    return STATUS_HTML;
  }

  @Public()
  @Get('status.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  script(): string {
    return STATUS_JS;
  }
}
